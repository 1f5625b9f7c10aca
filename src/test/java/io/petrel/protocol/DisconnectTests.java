package io.petrel.protocol;

import static io.netty.handler.codec.mqtt.MqttQoS.AT_LEAST_ONCE;
import static io.netty.handler.codec.mqtt.MqttQoS.AT_MOST_ONCE;
import static io.netty.handler.codec.mqtt.MqttQoS.EXACTLY_ONCE;
import static io.petrel.protocol.ClientPackets.connect;
import static io.petrel.protocol.ClientPackets.payload;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.petrel.message.Message;
import io.petrel.message.Qos;
import io.petrel.routing.TopicFilter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** How a connection ends decides its will: DISCONNECT discards it, any other end publishes it. */
class DisconnectTests {

    private final EmbeddedBroker broker = new EmbeddedBroker();

    @AfterEach
    void finishChannels() {
        broker.close();
    }

    @Test
    void disconnectClosesTheConnectionWithoutPublishingTheWill() {
        EmbeddedMqttClient watcher = watcher("clients/#");
        EmbeddedMqttClient client = connectWithWill("polite", "clients/polite/status", AT_LEAST_ONCE, true);

        client.send(MqttMessage.DISCONNECT);

        assertThat(client.isOpen()).isFalse();
        assertThat(watcher.receiveAll()).isEmpty(); // [MQTT-3.14.4-3]
        assertThat(broker.retainedMessages().size()).isZero();
    }

    @Test
    void abruptCloseHandsTheWillToSubscribersWithItsQos() {
        EmbeddedMqttClient watcher = watcher("clients/#");
        EmbeddedMqttClient client = connectWithWill("fragile", "clients/fragile/status", AT_LEAST_ONCE, false);

        client.closeAbruptly(); // [MQTT-3.1.2-8]

        MqttPublishMessage will = watcher.receive(MqttPublishMessage.class);
        assertThat(will.variableHeader().topicName()).isEqualTo("clients/fragile/status");
        assertThat(payload(will)).isEqualTo("offline");
        assertThat(will.fixedHeader().qosLevel()).isEqualTo(AT_LEAST_ONCE);
        assertThat(will.fixedHeader().isRetain()).isFalse();
        assertThat(broker.retainedMessages().size()).isZero();
    }

    @Test
    void abruptCloseStoresARetainedWillAsTheRetainedMessageOfItsTopic() {
        EmbeddedMqttClient client = connectWithWill("fragile", "clients/fragile/status", AT_LEAST_ONCE, true);

        client.closeAbruptly();

        List<Message> retained = broker.retainedMessages().find(TopicFilter.parse("clients/+/status").orElseThrow())
                .toCompletableFuture().join();
        assertThat(retained).singleElement().satisfies(will -> {
            assertThat(will.topic()).isEqualTo("clients/fragile/status");
            assertThat(new String(will.payload(), StandardCharsets.UTF_8)).isEqualTo("offline");
            assertThat(will.qos()).isEqualTo(Qos.AT_LEAST_ONCE);
            assertThat(will.retain()).isTrue();
        });
        EmbeddedMqttClient latecomer = broker.connectedClient("latecomer");
        latecomer.subscribe("clients/#", EXACTLY_ONCE);
        assertThat(latecomer.receive(MqttPublishMessage.class).fixedHeader().isRetain()).isTrue();
    }

    @Test
    void closeForAProtocolViolationPublishesTheWill() {
        EmbeddedMqttClient watcher = watcher("clients/#");
        EmbeddedMqttClient client = connectWithWill("rude", "clients/rude/status", AT_MOST_ONCE, false);

        client.send(connect("rude").build()); // a second CONNECT

        assertThat(client.isOpen()).isFalse();
        assertThat(watcher.receiveAll()).singleElement().isInstanceOfSatisfying(MqttPublishMessage.class,
                will -> assertThat(will.variableHeader().topicName()).isEqualTo("clients/rude/status"));
    }

    @Test
    void willToASysTopicIsNotPublishedSinceClientsMayNotPublishThere() {
        EmbeddedMqttClient watcher = watcher("$SYS/#");
        EmbeddedMqttClient client = broker.newClient();
        client.connect(willConnect("sneaky", "$SYS/broker/clients/connected", AT_LEAST_ONCE, true));

        client.closeAbruptly(); // either the CONNECT was refused or the will must be dropped

        assertThat(watcher.receiveAll()).as("messages on $SYS topics published by a client's will").isEmpty();
        assertThat(broker.retainedMessages().size()).isZero();
    }

    @Test
    void connectionClosedBeforeItsConnectWasAcceptedDoesNotPublishTheWill() {
        EmbeddedMqttClient watcher = watcher("clients/#");
        broker.connectedClient("twin");
        EmbeddedMqttClient newcomer = broker.newClient();
        // The session of "twin" belongs to the first connection's event loop, which has not run the takeover yet:
        // the broker has not accepted this CONNECT when the network connection drops.
        newcomer.send(willConnect("twin", "clients/twin/status", AT_LEAST_ONCE, false).build());
        newcomer.closeAbruptly();

        assertThat(newcomer.receiveAll()).as("CONNACK").isEmpty();
        assertThat(watcher.receiveAll()).as("will of a connection that was never accepted").isEmpty(); // [MQTT-3.1.2-8]
    }

    private EmbeddedMqttClient watcher(String filter) {
        EmbeddedMqttClient watcher = broker.connectedClient("watcher");
        assertThat(watcher.subscribe(filter, EXACTLY_ONCE).payload().grantedQoSLevels()).containsExactly(2);
        return watcher;
    }

    private EmbeddedMqttClient connectWithWill(String clientId, String willTopic, MqttQoS willQos, boolean retain) {
        EmbeddedMqttClient client = broker.newClient();
        assertThat(client.connect(willConnect(clientId, willTopic, willQos, retain)).variableHeader().connectReturnCode())
                .isEqualTo(MqttConnectReturnCode.CONNECTION_ACCEPTED);
        return client;
    }

    private static MqttMessageBuilders.ConnectBuilder willConnect(String clientId, String willTopic, MqttQoS willQos,
            boolean retain) {
        return connect(clientId).willFlag(true).willTopic(willTopic).willMessage("offline").willQoS(willQos)
                .willRetain(retain);
    }
}
