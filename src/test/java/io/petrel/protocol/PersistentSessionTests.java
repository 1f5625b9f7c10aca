package io.petrel.protocol;

import static io.netty.handler.codec.mqtt.MqttConnectReturnCode.CONNECTION_ACCEPTED;
import static io.netty.handler.codec.mqtt.MqttMessageType.PUBREC;
import static io.netty.handler.codec.mqtt.MqttMessageType.PUBREL;
import static io.netty.handler.codec.mqtt.MqttQoS.AT_LEAST_ONCE;
import static io.netty.handler.codec.mqtt.MqttQoS.AT_MOST_ONCE;
import static io.netty.handler.codec.mqtt.MqttQoS.EXACTLY_ONCE;
import static io.petrel.protocol.ClientPackets.ack;
import static io.petrel.protocol.ClientPackets.connect;
import static io.petrel.protocol.ClientPackets.packetId;
import static io.petrel.protocol.ClientPackets.payload;
import static io.petrel.protocol.ClientPackets.publish;
import static io.petrel.protocol.ClientPackets.type;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttVersion;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Sessions that outlive their connection (clean session 0): session present, resends and messages kept while offline. */
class PersistentSessionTests {

    private final EmbeddedBroker broker = new EmbeddedBroker();

    @AfterEach
    void finishChannels() {
        broker.close();
    }

    @Test
    void reconnectWithoutCleanSessionIsAcceptedWithSessionPresent() {
        persistentClient("durable").closeAbruptly();

        MqttConnAckMessage connAck = broker.newClient().connect(connect("durable").cleanSession(false));

        assertThat(connAck.variableHeader().connectReturnCode()).isEqualTo(CONNECTION_ACCEPTED);
        assertThat(connAck.variableHeader().isSessionPresent()).isTrue(); // [MQTT-3.2.2-2]
    }

    @Test
    void mqtt31ReconnectIsAcceptedWithoutSessionPresentSinceMqtt31HasNoSuchFlag() {
        EmbeddedMqttClient first = broker.newClient();
        first.connect(connect("durable31").cleanSession(false).protocolVersion(MqttVersion.MQTT_3_1));
        first.closeAbruptly();

        MqttConnAckMessage connAck = broker.newClient()
                .connect(connect("durable31").cleanSession(false).protocolVersion(MqttVersion.MQTT_3_1));

        assertThat(connAck.variableHeader().connectReturnCode()).isEqualTo(CONNECTION_ACCEPTED);
        assertThat(connAck.variableHeader().isSessionPresent()).isFalse();
    }

    @Test
    void unacknowledgedQos1MessageIsResentWithDupAndTheSamePacketIdentifierAfterReconnect() {
        EmbeddedMqttClient subscriber = persistentClient("durable");
        subscriber.subscribe("news", AT_LEAST_ONCE);
        broker.connectedClient("publisher").send(publish("news", "extra", AT_LEAST_ONCE, 1));
        MqttPublishMessage first = subscriber.receive(MqttPublishMessage.class);
        subscriber.closeAbruptly(); // before its PUBACK

        EmbeddedMqttClient resumed = broker.newClient();
        resumed.connect(connect("durable").cleanSession(false));

        MqttPublishMessage resent = resumed.receive(MqttPublishMessage.class); // [MQTT-4.4.0-1]
        assertThat(resent.fixedHeader().isDup()).isTrue();
        assertThat(packetId(resent)).isEqualTo(packetId(first));
        assertThat(payload(resent)).isEqualTo("extra");
    }

    @Test
    void pubrelIsResentAfterReconnectWhenThePubrecHadArrived() {
        EmbeddedMqttClient subscriber = persistentClient("durable");
        subscriber.subscribe("orders", EXACTLY_ONCE);
        EmbeddedMqttClient publisher = broker.connectedClient("publisher");
        publisher.send(publish("orders", "order-1", EXACTLY_ONCE, 1));
        publisher.send(ack(PUBREL, 1));
        MqttPublishMessage order = subscriber.receive(MqttPublishMessage.class);
        subscriber.send(ack(PUBREC, packetId(order)));
        assertThat(type(subscriber.receive())).isEqualTo(PUBREL);
        subscriber.closeAbruptly(); // before its PUBCOMP

        EmbeddedMqttClient resumed = broker.newClient();
        resumed.connect(connect("durable").cleanSession(false));

        MqttMessage pubrel = resumed.receive();
        assertThat(type(pubrel)).isEqualTo(PUBREL);
        assertThat(packetId(pubrel)).isEqualTo(packetId(order));
        assertThat(resumed.receiveAll()).as("the PUBLISH is not resent once PUBREC arrived").isEmpty();
    }

    @Test
    void qos1MessagePublishedWhileOfflineIsDeliveredAfterReconnectButQos0IsNot() {
        EmbeddedMqttClient subscriber = persistentClient("durable");
        subscriber.subscribe("news", AT_LEAST_ONCE);
        subscriber.closeAbruptly();
        EmbeddedMqttClient publisher = broker.connectedClient("publisher");
        publisher.send(publish("news", "at-most-once", AT_MOST_ONCE, 0));
        publisher.send(publish("news", "at-least-once", AT_LEAST_ONCE, 1));

        EmbeddedMqttClient resumed = broker.newClient();
        resumed.connect(connect("durable").cleanSession(false));

        assertThat(resumed.receiveAll()).extracting(received -> payload((MqttPublishMessage) received))
                .containsExactly("at-least-once");
    }

    @Test
    void cleanSessionDiscardsThePersistentSessionAndItsSubscriptions() {
        EmbeddedMqttClient subscriber = persistentClient("durable");
        subscriber.subscribe("news", AT_LEAST_ONCE);
        subscriber.closeAbruptly();

        EmbeddedMqttClient fresh = broker.newClient();
        MqttConnAckMessage connAck = fresh.connect(connect("durable").cleanSession(true));
        broker.connectedClient("publisher").send(publish("news", "extra", AT_LEAST_ONCE, 1));

        assertThat(connAck.variableHeader().isSessionPresent()).isFalse();
        assertThat(fresh.receiveAll()).isEmpty();
    }

    private EmbeddedMqttClient persistentClient(String clientId) {
        EmbeddedMqttClient client = broker.newClient();
        MqttConnAckMessage connAck = client.connect(connect(clientId).cleanSession(false));
        assertThat(connAck.variableHeader().connectReturnCode()).isEqualTo(CONNECTION_ACCEPTED);
        assertThat(connAck.variableHeader().isSessionPresent()).isFalse();
        return client;
    }
}
