package io.petrel.protocol;

import static io.netty.handler.codec.mqtt.MqttMessageType.PINGRESP;
import static io.netty.handler.codec.mqtt.MqttQoS.AT_LEAST_ONCE;
import static io.netty.handler.codec.mqtt.MqttQoS.EXACTLY_ONCE;
import static io.petrel.protocol.ClientPackets.connect;
import static io.petrel.protocol.ClientPackets.payload;
import static io.petrel.protocol.ClientPackets.type;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Keep-alive on the broker's clock, moved by hand: a connection silent for one and a half keep-alive
 * intervals is closed [MQTT-3.1.2-24] and its will is published; any packet from the client resets the timer.
 */
class KeepAliveTests {

    private final EmbeddedBroker broker = new EmbeddedBroker();

    @AfterEach
    void finishChannels() {
        broker.close();
    }

    @Test
    void connectionSilentForOneAndAHalfKeepAliveIntervalsIsClosedAndItsWillIsPublished() {
        EmbeddedMqttClient watcher = broker.connectedClient("watcher");
        watcher.subscribe("clients/+/status", EXACTLY_ONCE);
        EmbeddedMqttClient client = connectedWith(connect("sleepy").keepAlive(2)
                .willFlag(true).willTopic("clients/sleepy/status").willMessage("gone").willQoS(AT_LEAST_ONCE));

        client.advanceTimeBy(Duration.ofMillis(2_999));
        assertThat(client.isOpen()).as("open before 1.5 x 2 s").isTrue();
        assertThat(watcher.receiveAll()).as("will before the connection closed").isEmpty();
        client.advanceTimeBy(Duration.ofMillis(2));

        assertThat(client.isOpen()).as("open after 1.5 x 2 s without a packet").isFalse();
        MqttPublishMessage will = watcher.receive(MqttPublishMessage.class);
        assertThat(will.variableHeader().topicName()).isEqualTo("clients/sleepy/status");
        assertThat(payload(will)).isEqualTo("gone");
        assertThat(will.fixedHeader().qosLevel()).isEqualTo(AT_LEAST_ONCE);
    }

    @Test
    void pingreqWithinOneAndAHalfKeepAliveIntervalsKeepsTheConnectionOpen() {
        EmbeddedMqttClient client = connectedWith(connect("lively").keepAlive(2));

        client.advanceTimeBy(Duration.ofSeconds(2));
        client.send(MqttMessage.PINGREQ);
        MqttMessage pingresp = client.receive();
        client.advanceTimeBy(Duration.ofSeconds(2));

        assertThat(type(pingresp)).isEqualTo(PINGRESP);
        assertThat(client.isOpen()).as("open 4 s after CONNECT, 2 s after PINGREQ").isTrue();
        client.advanceTimeBy(Duration.ofMillis(1_001));
        assertThat(client.isOpen()).as("open 3.001 s after PINGREQ").isFalse();
    }

    @Test
    void keepAliveZeroNeverClosesAnIdleConnection() {
        EmbeddedMqttClient client = connectedWith(connect("patient").keepAlive(0));

        client.advanceTimeBy(Duration.ofHours(24));

        assertThat(client.isOpen()).isTrue();
    }

    private EmbeddedMqttClient connectedWith(MqttMessageBuilders.ConnectBuilder connect) {
        EmbeddedMqttClient client = broker.newClient();
        assertThat(client.connect(connect).variableHeader().connectReturnCode())
                .isEqualTo(MqttConnectReturnCode.CONNECTION_ACCEPTED);
        return client;
    }
}
