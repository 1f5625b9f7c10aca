package io.petrel.protocol;

import static io.netty.handler.codec.mqtt.MqttConnectReturnCode.CONNECTION_ACCEPTED;
import static io.netty.handler.codec.mqtt.MqttQoS.AT_LEAST_ONCE;
import static io.petrel.protocol.ClientPackets.connect;
import static io.petrel.protocol.ClientPackets.payload;
import static io.petrel.protocol.ClientPackets.publish;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A CONNECT with a client identifier that is in use takes the session over from the older connection
 * [MQTT-3.1.4-2]. The takeover runs on the event loop that owns the session, so it crosses event loops.
 */
class SessionTakeoverTests {

    private final EmbeddedBroker broker = new EmbeddedBroker();

    @AfterEach
    void finishChannels() {
        broker.close();
    }

    @Test
    void connectWithAClientIdInUseClosesTheOlderConnection() {
        EmbeddedMqttClient first = broker.connectedClient("same-id");
        EmbeddedMqttClient second = broker.newClient();

        MqttConnAckMessage connAck = second.connect(connect("same-id"));

        assertThat(connAck.variableHeader().connectReturnCode()).isEqualTo(CONNECTION_ACCEPTED);
        assertThat(connAck.variableHeader().isSessionPresent()).isFalse();
        assertThat(first.isOpen()).isFalse();
        assertThat(second.isOpen()).isTrue();
    }

    @Test
    void takeoverWithoutCleanSessionKeepsTheSubscriptionsForTheNewConnection() {
        EmbeddedMqttClient first = broker.newClient();
        first.connect(connect("same-id").cleanSession(false));
        first.subscribe("news", AT_LEAST_ONCE);
        EmbeddedMqttClient second = broker.newClient();

        MqttConnAckMessage connAck = second.connect(connect("same-id").cleanSession(false));
        broker.connectedClient("publisher").send(publish("news", "extra", AT_LEAST_ONCE, 1));

        assertThat(connAck.variableHeader().isSessionPresent()).isTrue();
        assertThat(first.isOpen()).isFalse();
        assertThat(first.receiveAll()).isEmpty();
        assertThat(second.receiveAll()).singleElement().isInstanceOfSatisfying(MqttPublishMessage.class,
                received -> assertThat(payload(received)).isEqualTo("extra"));
    }

    @Test
    void connectionThatClosesWhileItsSessionIsBeingOpenedLeavesNoSessionBehind() {
        broker.connectedClient("twin");
        EmbeddedMqttClient newcomer = broker.newClient();
        newcomer.send(connect("twin").build()); // the takeover waits for the first connection's event loop
        newcomer.closeAbruptly();

        broker.runEventLoops();

        // both connections of "twin" are closed, and its sessions were clean ones
        assertThat(broker.broker().sessions().find("twin")).as("session of twin").isEmpty();
        assertThat(broker.broker().sessions().size()).isZero();
    }
}
