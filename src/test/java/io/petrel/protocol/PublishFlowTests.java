package io.petrel.protocol;

import static io.netty.handler.codec.mqtt.MqttMessageType.PUBACK;
import static io.netty.handler.codec.mqtt.MqttMessageType.PUBCOMP;
import static io.netty.handler.codec.mqtt.MqttMessageType.PUBREC;
import static io.netty.handler.codec.mqtt.MqttMessageType.PUBREL;
import static io.netty.handler.codec.mqtt.MqttQoS.AT_LEAST_ONCE;
import static io.netty.handler.codec.mqtt.MqttQoS.AT_MOST_ONCE;
import static io.netty.handler.codec.mqtt.MqttQoS.EXACTLY_ONCE;
import static io.petrel.protocol.ClientPackets.ack;
import static io.petrel.protocol.ClientPackets.bytes;
import static io.petrel.protocol.ClientPackets.packetId;
import static io.petrel.protocol.ClientPackets.payload;
import static io.petrel.protocol.ClientPackets.publish;
import static io.petrel.protocol.ClientPackets.type;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.petrel.message.Qos;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Inbound PUBLISH: the acknowledgements of each QoS, exactly-once routing, and the packets the broker refuses. */
class PublishFlowTests {

    private final EmbeddedBroker broker = new EmbeddedBroker();

    @AfterEach
    void finishChannels() {
        broker.close();
    }

    @Test
    void qos0PublishIsRoutedWithoutAcknowledgement() {
        EmbeddedMqttClient subscriber = subscriber("sensors/temperature");
        EmbeddedMqttClient publisher = broker.connectedClient("publisher");

        publisher.send(publish("sensors/temperature", "21.5", AT_MOST_ONCE, 0));

        assertThat(publisher.receiveAll()).isEmpty();
        assertThat(subscriber.receiveAll()).singleElement().isInstanceOfSatisfying(MqttPublishMessage.class,
                received -> assertThat(payload(received)).isEqualTo("21.5"));
    }

    @Test
    void qos1PublishIsAcknowledgedWithPubackOfTheSamePacketIdentifier() {
        EmbeddedMqttClient publisher = broker.connectedClient("publisher");

        publisher.send(publish("sensors/temperature", "21.5", AT_LEAST_ONCE, 42));

        MqttMessage puback = publisher.receive();
        assertThat(type(puback)).isEqualTo(PUBACK);
        assertThat(packetId(puback)).isEqualTo(42);
    }

    @Test
    void qos2PublishIsAnsweredWithPubrecAndItsPubrelWithPubcomp() {
        EmbeddedMqttClient publisher = broker.connectedClient("publisher");

        publisher.send(publish("sensors/temperature", "21.5", EXACTLY_ONCE, 7));
        MqttMessage pubrec = publisher.receive();
        publisher.send(ack(PUBREL, 7));
        MqttMessage pubcomp = publisher.receive();

        assertThat(type(pubrec)).isEqualTo(PUBREC);
        assertThat(packetId(pubrec)).isEqualTo(7);
        assertThat(type(pubcomp)).isEqualTo(PUBCOMP);
        assertThat(packetId(pubcomp)).isEqualTo(7);
    }

    @Test
    void qos2ResendBeforePubrelIsAcknowledgedAgainButRoutedOnce() {
        EmbeddedMqttClient subscriber = subscriber("orders");
        EmbeddedMqttClient publisher = broker.connectedClient("publisher");

        publisher.send(publish("orders", "order-1", EXACTLY_ONCE, 7));
        publisher.send(publish("orders", "order-1", EXACTLY_ONCE, 7, true, false)); // DUP: the PUBREC was lost
        List<MqttMessage> acknowledgements = publisher.receiveAll();
        publisher.send(ack(PUBREL, 7));

        assertThat(acknowledgements).extracting(ClientPackets::type).containsExactly(PUBREC, PUBREC);
        assertThat(publisher.receive()).satisfies(pubcomp -> assertThat(type(pubcomp)).isEqualTo(PUBCOMP));
        assertThat(subscriber.receiveAll()).singleElement().isInstanceOfSatisfying(MqttPublishMessage.class,
                received -> assertThat(payload(received)).isEqualTo("order-1")); // [MQTT-4.3.3-2]
    }

    @Test
    void qos2PacketIdentifierIsRoutedAgainOnceItsPubrelArrived() {
        EmbeddedMqttClient subscriber = subscriber("orders");
        EmbeddedMqttClient publisher = broker.connectedClient("publisher");

        publisher.send(publish("orders", "order-1", EXACTLY_ONCE, 7));
        publisher.send(ack(PUBREL, 7));
        publisher.send(publish("orders", "order-2", EXACTLY_ONCE, 7));

        assertThat(subscriber.receiveAll()).extracting(received -> payload((MqttPublishMessage) received))
                .containsExactly("order-1", "order-2");
    }

    @Test
    void pubrelForAnUnknownPacketIdentifierIsAnsweredWithPubcomp() {
        EmbeddedMqttClient publisher = broker.connectedClient("publisher");

        publisher.send(ack(PUBREL, 99)); // [MQTT-4.3.3-11] e.g. after the PUBCOMP was lost

        MqttMessage pubcomp = publisher.receive();
        assertThat(type(pubcomp)).isEqualTo(PUBCOMP);
        assertThat(packetId(pubcomp)).isEqualTo(99);
        assertThat(publisher.isOpen()).isTrue();
    }

    @Test
    void publishAboveTheMaximumQosClosesTheConnectionWithoutRoutingIt() {
        broker.configure(settings -> settings.maximumQos(Qos.AT_LEAST_ONCE));
        EmbeddedMqttClient subscriber = subscriber("orders");
        EmbeddedMqttClient publisher = broker.connectedClient("publisher");

        publisher.send(publish("orders", "order-1", EXACTLY_ONCE, 7));

        assertThat(publisher.receiveAll()).as("PUBREC").isEmpty();
        assertThat(publisher.isOpen()).isFalse();
        assertThat(subscriber.receiveAll()).isEmpty();
    }

    @Test
    void publishToASysTopicClosesTheConnectionWithoutRoutingIt() {
        EmbeddedMqttClient subscriber = subscriber("$SYS/#");
        EmbeddedMqttClient publisher = broker.connectedClient("publisher");

        publisher.send(publish("$SYS/x", "fake statistics", AT_LEAST_ONCE, 1)); // the default authorizer denies it

        assertThat(publisher.receiveAll()).as("PUBACK").isEmpty();
        assertThat(publisher.isOpen()).isFalse();
        assertThat(subscriber.receiveAll()).isEmpty();
    }

    @Test
    void publishToATopicWithAWildcardClosesTheConnection() {
        EmbeddedMqttClient subscriber = subscriber("a/#");
        EmbeddedMqttClient publisher = broker.connectedClient("publisher");

        publisher.sendBytes(bytes(
                0x32,                               // PUBLISH, QoS 1
                0x08,                               // remaining length 8
                0x00, 0x03, 'a', '/', '+',          // topic name "a/+": wildcards are not allowed [MQTT-3.3.2-2]
                0x00, 0x01,                         // packet identifier 1
                'x'));                              // payload

        assertThat(publisher.receiveAll()).as("PUBACK").isEmpty();
        assertThat(publisher.isOpen()).isFalse();
        assertThat(subscriber.receiveAll()).isEmpty();
    }

    @Test
    void retainedPublishIsStoredAndAnEmptyRetainedPublishDeletesIt() {
        EmbeddedMqttClient publisher = broker.connectedClient("publisher");

        publisher.send(publish("status/door", "open", AT_LEAST_ONCE, 1, false, true));
        int storedAfterPublish = broker.retainedMessages().size();
        publisher.send(publish("status/door", "", AT_LEAST_ONCE, 2, false, true)); // [MQTT-3.3.1-10]

        assertThat(storedAfterPublish).isEqualTo(1);
        assertThat(broker.retainedMessages().size()).isZero();
        assertThat(publisher.receiveAll()).extracting(ClientPackets::packetId).containsExactly(1, 2);
    }

    private EmbeddedMqttClient subscriber(String filter) {
        EmbeddedMqttClient subscriber = broker.connectedClient("subscriber");
        assertThat(subscriber.subscribe(filter, EXACTLY_ONCE).payload().grantedQoSLevels()).doesNotContain(0x80);
        return subscriber;
    }
}
