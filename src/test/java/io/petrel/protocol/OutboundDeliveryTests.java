package io.petrel.protocol;

import static io.netty.handler.codec.mqtt.MqttMessageType.PUBACK;
import static io.netty.handler.codec.mqtt.MqttMessageType.PUBCOMP;
import static io.netty.handler.codec.mqtt.MqttMessageType.PUBREC;
import static io.netty.handler.codec.mqtt.MqttMessageType.PUBREL;
import static io.netty.handler.codec.mqtt.MqttQoS.AT_LEAST_ONCE;
import static io.netty.handler.codec.mqtt.MqttQoS.AT_MOST_ONCE;
import static io.netty.handler.codec.mqtt.MqttQoS.EXACTLY_ONCE;
import static io.petrel.protocol.ClientPackets.ack;
import static io.petrel.protocol.ClientPackets.packetId;
import static io.petrel.protocol.ClientPackets.payload;
import static io.petrel.protocol.ClientPackets.publish;
import static io.petrel.protocol.ClientPackets.type;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** PUBLISH from the broker to a subscriber: packet identifiers, the in-flight window, and the QoS 1 and 2 exchanges. */
class OutboundDeliveryTests {

    private final EmbeddedBroker broker = new EmbeddedBroker();

    @AfterEach
    void finishChannels() {
        broker.close();
    }

    @Test
    void subscriberReceivesAQos1PublishWithAPacketIdentifier() {
        EmbeddedMqttClient subscriber = subscriber("news", AT_LEAST_ONCE);
        EmbeddedMqttClient publisher = broker.connectedClient("publisher");

        publisher.send(publish("news", "extra", AT_LEAST_ONCE, 500));

        MqttPublishMessage received = subscriber.receive(MqttPublishMessage.class);
        assertThat(received.variableHeader().topicName()).isEqualTo("news");
        assertThat(payload(received)).isEqualTo("extra");
        assertThat(received.fixedHeader().qosLevel()).isEqualTo(AT_LEAST_ONCE);
        assertThat(received.fixedHeader().isDup()).isFalse();
        assertThat(packetId(received)).isBetween(1, 65535);
    }

    @Test
    void deliveryQosIsTheLowerOfThePublishedAndTheGrantedQos() {
        EmbeddedMqttClient atLeastOnce = subscriber("at-least-once", "news", AT_LEAST_ONCE);
        EmbeddedMqttClient atMostOnce = subscriber("at-most-once", "news", AT_MOST_ONCE);
        EmbeddedMqttClient publisher = broker.connectedClient("publisher");

        publisher.send(publish("news", "extra", EXACTLY_ONCE, 1));

        assertThat(atLeastOnce.receive(MqttPublishMessage.class).fixedHeader().qosLevel()).isEqualTo(AT_LEAST_ONCE);
        assertThat(atMostOnce.receive(MqttPublishMessage.class).fixedHeader().qosLevel()).isEqualTo(AT_MOST_ONCE);
    }

    @Test
    void pubackFreesTheInflightSlotOfItsPacketIdentifier() {
        broker.configure(settings -> settings.maxInflightMessages(1));
        EmbeddedMqttClient subscriber = subscriber("news", AT_LEAST_ONCE);
        EmbeddedMqttClient publisher = broker.connectedClient("publisher");
        publisher.send(publish("news", "first", AT_LEAST_ONCE, 1));
        publisher.send(publish("news", "second", AT_LEAST_ONCE, 2));
        MqttPublishMessage first = subscriber.receive(MqttPublishMessage.class);
        assertThat(subscriber.receiveAll()).as("beyond the in-flight window").isEmpty();

        subscriber.send(ack(PUBACK, packetId(first) + 1)); // a packet identifier that is not in flight
        assertThat(subscriber.receiveAll()).as("after a PUBACK for another packet identifier").isEmpty();
        subscriber.send(ack(PUBACK, packetId(first)));

        assertThat(subscriber.receiveAll()).singleElement().isInstanceOfSatisfying(MqttPublishMessage.class,
                second -> assertThat(payload(second)).isEqualTo("second"));
    }

    @Test
    void qos1MessagesBeyondTheInflightWindowAreHeldBackUntilPubacksArrive() {
        broker.configure(settings -> settings.maxInflightMessages(3));
        EmbeddedMqttClient subscriber = subscriber("news", AT_LEAST_ONCE);
        EmbeddedMqttClient publisher = broker.connectedClient("publisher");

        for (int i = 1; i <= 5; i++) {
            publisher.send(publish("news", "message-" + i, AT_LEAST_ONCE, i));
        }
        List<MqttMessage> firstWindow = subscriber.receiveAll();
        subscriber.send(ack(PUBACK, packetId(firstWindow.get(0))));
        subscriber.send(ack(PUBACK, packetId(firstWindow.get(1))));
        List<MqttMessage> afterTwoPubacks = subscriber.receiveAll();

        assertThat(firstWindow).extracting(received -> payload((MqttPublishMessage) received))
                .containsExactly("message-1", "message-2", "message-3");
        assertThat(afterTwoPubacks).extracting(received -> payload((MqttPublishMessage) received))
                .containsExactly("message-4", "message-5");
        assertThat(afterTwoPubacks).extracting(ClientPackets::packetId)
                .doesNotContain(packetId(firstWindow.get(2))); // still in flight [MQTT-2.3.1-2]
    }

    @Test
    void pubrecIsAnsweredWithPubrelAndPubcompCompletesTheQos2Delivery() {
        broker.configure(settings -> settings.maxInflightMessages(1));
        EmbeddedMqttClient subscriber = subscriber("orders", EXACTLY_ONCE);
        EmbeddedMqttClient publisher = broker.connectedClient("publisher");
        publisher.send(publish("orders", "order-1", EXACTLY_ONCE, 1));
        publisher.send(ack(PUBREL, 1));
        publisher.send(publish("orders", "order-2", EXACTLY_ONCE, 2));
        publisher.send(ack(PUBREL, 2));
        MqttPublishMessage first = subscriber.receive(MqttPublishMessage.class);
        assertThat(first.fixedHeader().qosLevel()).isEqualTo(EXACTLY_ONCE);

        subscriber.send(ack(PUBREC, packetId(first)));
        MqttMessage pubrel = subscriber.receive();
        assertThat(type(pubrel)).isEqualTo(PUBREL);
        assertThat(packetId(pubrel)).isEqualTo(packetId(first));
        assertThat(subscriber.receiveAll()).as("the second message while the first awaits PUBCOMP").isEmpty();
        subscriber.send(ack(PUBCOMP, packetId(first)));

        assertThat(subscriber.receiveAll()).singleElement().isInstanceOfSatisfying(MqttPublishMessage.class,
                second -> assertThat(payload(second)).isEqualTo("order-2"));
    }

    @Test
    void overlappingSubscriptionsDeliverOneCopyAtTheHighestGrantedQos() {
        EmbeddedMqttClient subscriber = broker.connectedClient("subscriber");
        subscriber.subscribe("news/#", AT_MOST_ONCE);
        subscriber.subscribe("news/+", AT_LEAST_ONCE);
        EmbeddedMqttClient publisher = broker.connectedClient("publisher");

        publisher.send(publish("news/today", "extra", EXACTLY_ONCE, 1));

        assertThat(subscriber.receiveAll()).singleElement().isInstanceOfSatisfying(MqttPublishMessage.class,
                received -> assertThat(received.fixedHeader().qosLevel()).isEqualTo(AT_LEAST_ONCE));
    }

    private EmbeddedMqttClient subscriber(String filter, MqttQoS qos) {
        return subscriber("subscriber", filter, qos);
    }

    private EmbeddedMqttClient subscriber(String clientId, String filter, MqttQoS qos) {
        EmbeddedMqttClient subscriber = broker.connectedClient(clientId);
        assertThat(subscriber.subscribe(filter, qos).payload().grantedQoSLevels()).containsExactly(qos.value());
        return subscriber;
    }
}
