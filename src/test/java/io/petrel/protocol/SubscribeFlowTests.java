package io.petrel.protocol;

import static io.netty.handler.codec.mqtt.MqttMessageType.PUBLISH;
import static io.netty.handler.codec.mqtt.MqttMessageType.SUBACK;
import static io.netty.handler.codec.mqtt.MqttQoS.AT_LEAST_ONCE;
import static io.netty.handler.codec.mqtt.MqttQoS.AT_MOST_ONCE;
import static io.netty.handler.codec.mqtt.MqttQoS.EXACTLY_ONCE;
import static io.petrel.protocol.ClientPackets.bytes;
import static io.petrel.protocol.ClientPackets.payload;
import static io.petrel.protocol.ClientPackets.publish;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttSubAckMessage;
import io.netty.handler.codec.mqtt.MqttUnsubAckMessage;
import io.petrel.message.Qos;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** SUBSCRIBE and UNSUBSCRIBE: granted QoS per filter, refused filters, retained messages and ending deliveries. */
class SubscribeFlowTests {

    private final EmbeddedBroker broker = new EmbeddedBroker();

    @AfterEach
    void finishChannels() {
        broker.close();
    }

    @Test
    void subackGrantsEachFilterTheRequestedQosUpToTheMaximumQos() {
        broker.configure(settings -> settings.maximumQos(Qos.AT_LEAST_ONCE));
        EmbeddedMqttClient subscriber = broker.connectedClient("subscriber");

        subscriber.send(MqttMessageBuilders.subscribe().messageId(10)
                .addSubscription(AT_MOST_ONCE, "a")
                .addSubscription(AT_LEAST_ONCE, "b")
                .addSubscription(EXACTLY_ONCE, "c")
                .build());

        MqttSubAckMessage subAck = subscriber.receive(MqttSubAckMessage.class);
        assertThat(subAck.variableHeader().messageId()).isEqualTo(10);
        assertThat(subAck.payload().grantedQoSLevels()).containsExactly(0, 1, 1);
    }

    @Test
    void subackRefusesAnInvalidTopicFilterWith0x80AndGrantsTheOthers() {
        EmbeddedMqttClient subscriber = broker.connectedClient("subscriber");

        subscriber.send(MqttMessageBuilders.subscribe().messageId(11)
                .addSubscription(AT_LEAST_ONCE, "a/#/b") // '#' must be the last level [MQTT-4.7.1-2]
                .addSubscription(EXACTLY_ONCE, "a/+/b")
                .addSubscription(AT_MOST_ONCE, "a+") // a wildcard must fill its level [MQTT-4.7.1-3]
                .build());

        MqttSubAckMessage subAck = subscriber.receive(MqttSubAckMessage.class);
        assertThat(subAck.payload().grantedQoSLevels()).containsExactly(0x80, 2, 0x80);
    }

    @Test
    void subscribeWithoutTopicFiltersClosesTheConnection() {
        EmbeddedMqttClient subscriber = broker.connectedClient("subscriber");

        subscriber.sendBytes(bytes(
                0x82,                               // SUBSCRIBE, flags 0010
                0x02,                               // remaining length 2
                0x00, 0x01));                       // packet identifier 1, then no topic filter [MQTT-3.8.3-3]

        assertThat(subscriber.receiveAll()).as("SUBACK").isEmpty();
        assertThat(subscriber.isOpen()).isFalse();
    }

    @Test
    void retainedMessageIsDeliveredAfterTheSubackWithTheRetainFlag() {
        EmbeddedMqttClient publisher = broker.connectedClient("publisher");
        publisher.send(publish("status/door", "open", AT_LEAST_ONCE, 1, false, true));
        EmbeddedMqttClient subscriber = broker.connectedClient("subscriber");

        subscriber.send(ClientPackets.subscribe(5, EXACTLY_ONCE, "status/+"));

        List<MqttMessage> received = subscriber.receiveAll();
        assertThat(received).extracting(ClientPackets::type).containsExactly(SUBACK, PUBLISH);
        assertThat(received.get(1)).isInstanceOfSatisfying(MqttPublishMessage.class, retained -> {
            assertThat(retained.fixedHeader().isRetain()).isTrue(); // [MQTT-3.3.1-8]
            assertThat(retained.fixedHeader().qosLevel()).isEqualTo(AT_LEAST_ONCE);
            assertThat(retained.variableHeader().topicName()).isEqualTo("status/door");
            assertThat(payload(retained)).isEqualTo("open");
        });
    }

    @Test
    void retainedMessageRoutedToAnExistingSubscriptionIsNotFlaggedRetained() {
        EmbeddedMqttClient subscriber = broker.connectedClient("subscriber");
        subscriber.subscribe("status/+", AT_LEAST_ONCE);
        EmbeddedMqttClient publisher = broker.connectedClient("publisher");

        publisher.send(publish("status/door", "open", AT_LEAST_ONCE, 1, false, true));

        assertThat(subscriber.receive(MqttPublishMessage.class).fixedHeader().isRetain()).isFalse(); // [MQTT-3.3.1-9]
    }

    @Test
    void deletedRetainedMessageIsNotDeliveredToNewSubscriptions() {
        EmbeddedMqttClient publisher = broker.connectedClient("publisher");
        publisher.send(publish("status/door", "open", AT_LEAST_ONCE, 1, false, true));
        publisher.send(publish("status/door", "", AT_LEAST_ONCE, 2, false, true));
        EmbeddedMqttClient subscriber = broker.connectedClient("subscriber");

        subscriber.subscribe("status/#", AT_LEAST_ONCE);

        assertThat(subscriber.receiveAll()).isEmpty();
    }

    @Test
    void unsubscribeIsAnsweredWithUnsubackAndEndsDeliveries() {
        EmbeddedMqttClient subscriber = broker.connectedClient("subscriber");
        subscriber.subscribe("news/#", AT_LEAST_ONCE);
        EmbeddedMqttClient publisher = broker.connectedClient("publisher");
        publisher.send(publish("news/today", "before", AT_MOST_ONCE, 0));
        assertThat(subscriber.receiveAll()).as("before UNSUBSCRIBE").hasSize(1);

        subscriber.send(ClientPackets.unsubscribe(21, "news/#"));
        MqttUnsubAckMessage unsubAck = subscriber.receive(MqttUnsubAckMessage.class);
        publisher.send(publish("news/today", "after", AT_MOST_ONCE, 0));

        assertThat(unsubAck.variableHeader().messageId()).isEqualTo(21);
        assertThat(subscriber.receiveAll()).as("after UNSUBACK").isEmpty();
    }

    @Test
    void unsubscribeWithoutTopicFiltersClosesTheConnection() {
        EmbeddedMqttClient subscriber = broker.connectedClient("subscriber");

        subscriber.sendBytes(bytes(
                0xA2,                               // UNSUBSCRIBE, flags 0010
                0x02,                               // remaining length 2
                0x00, 0x01));                       // packet identifier 1, then no topic filter [MQTT-3.10.3-2]

        assertThat(subscriber.receiveAll()).as("UNSUBACK").isEmpty();
        assertThat(subscriber.isOpen()).isFalse();
    }
}
