package io.petrel.mqtt5;

import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient.Mqtt5Publishes;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAck;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.petrel.session.DropReason;
import io.petrel.session.DroppedMessages;
import io.petrel.test.BrokerTest;
import io.petrel.test.Clients;
import io.petrel.test.client.Packet;
import io.petrel.test.client.Packets;
import io.petrel.test.client.Paho5Client;
import io.petrel.test.client.RawClient;
import io.petrel.test.client.TestClients;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * MQTT 5 flow control in both directions: the client's receive maximum bounds the broker's unacknowledged
 * QoS 1 and 2 sends, the broker's receive maximum bounds the client's (0x93 beyond it); the client's
 * maximum packet size bounds what the broker sends (larger messages are dropped for that client and
 * counted), the broker's bounds what it accepts (0x95). One context with a receive maximum of 2 and a
 * maximum packet size of 1 KB.
 */
@BrokerTest(properties = {"mqtt.listeners.tcp.port=0", "mqtt.listeners.tcp.host=127.0.0.1", "management.server.port=0",
    "mqtt.receive-maximum=2", "mqtt.maximum-packet-size=1KB"})
class FlowControlTests {

    private static final int BROKER_MAXIMUM_PACKET_SIZE = 1024;

    @Autowired
    DroppedMessages dropped;

    @RegisterExtension
    final TestClients clients = new TestClients();

    Mqtt5BlockingClient publisher;

    @BeforeEach
    void connectPublisher() {
        publisher = clients.connected5("pub");
    }

    @Test
    void brokerNeverHasMoreUnacknowledgedPublishesThanTheClientsReceiveMaximum() throws Exception {
        String topic = Clients.unique("windowed");
        RawClient subscriber = rawSubscriber(topic, 1, Packets.properties()
                .twoBytes(Packets.RECEIVE_MAXIMUM, 2));

        for (int i = 1; i <= 5; i++) {
            publish(topic, "m" + i, MqttQos.AT_LEAST_ONCE);
        }

        List<Packet> first = subscriber.readPublishes(2);
        assertThat(first).extracting(Packet::payload).containsExactly("m1", "m2");
        subscriber.assertNothingWithin(TestClients.QUIET);
        subscriber.send(Packets.puback(first.get(0).packetId()));
        Packet third = subscriber.readPublishes(1).get(0);
        assertThat(third.payload()).isEqualTo("m3");
        subscriber.assertNothingWithin(TestClients.QUIET);
        subscriber.send(Packets.puback(first.get(1).packetId()), Packets.puback(third.packetId()));
        assertThat(subscriber.readPublishes(2)).extracting(Packet::payload).containsExactly("m4", "m5");
    }

    @Test
    void hivemqClientWithReceiveMaximumTwoGetsTheThirdMessageOnlyAfterAnAcknowledgement() throws Exception {
        String topic = Clients.unique("hivemq-windowed");
        Mqtt5BlockingClient subscriber = clients.hivemq5(Clients.unique("slow-acker"));
        subscriber.connectWith().restrictions().receiveMaximum(2).applyRestrictions().send();
        Mqtt5Publishes received = subscriber.publishes(MqttGlobalPublishFilter.ALL, true);
        try {
            subscriber.subscribeWith().topicFilter(topic).qos(MqttQos.AT_LEAST_ONCE).send();
            for (int i = 1; i <= 3; i++) {
                publish(topic, "m" + i, MqttQos.AT_LEAST_ONCE);
            }

            Mqtt5Publish first = received.receive(10, TimeUnit.SECONDS).orElseThrow();
            Mqtt5Publish second = received.receive(10, TimeUnit.SECONDS).orElseThrow();
            assertThat(received.receive(TestClients.QUIET.toMillis(), TimeUnit.MILLISECONDS)).isEmpty();
            first.acknowledge();
            Mqtt5Publish third = received.receive(10, TimeUnit.SECONDS).orElseThrow();

            assertThat(List.of(first, second, third)).extracting(TestClients::text).containsExactly("m1", "m2", "m3");
            assertThat(subscriber.getState().isConnected()).as("the client saw no receive maximum violation").isTrue();
            second.acknowledge();
            third.acknowledge();
        } finally {
            received.close();
        }
    }

    @Test
    void connAckAnnouncesTheBrokersReceiveMaximumAndMaximumPacketSize() {
        Mqtt5ConnAck connAck = clients.hivemq5(Clients.unique("limits")).connect();

        assertThat(connAck.getRestrictions().getReceiveMaximum()).isEqualTo(2);
        assertThat(connAck.getRestrictions().getMaximumPacketSize()).isEqualTo(BROKER_MAXIMUM_PACKET_SIZE);
    }

    @Test
    void clientThatExceedsTheBrokersReceiveMaximumIsDisconnectedWith0x93() throws Exception {
        String topic = Clients.unique("flood");
        RawClient client = clients.raw5();
        Packet connAck = client.connectSuccessfully(Packets.connect5(Clients.unique("flooder")));
        assertThat(connAck.properties().integer(Packets.RECEIVE_MAXIMUM)).isEqualTo(2L);

        client.send(Packets.publish5(topic, "one", 2, 1), Packets.publish5(topic, "two", 2, 2));
        assertThat(List.of(client.read(), client.read())).extracting(Packet::type)
                .containsExactly(Packet.PUBREC, Packet.PUBREC);
        List<Packet> packets = client.send(Packets.publish5(topic, "three", 2, 3)).awaitClosedPackets();

        assertThat(packets).singleElement().satisfies(disconnect -> {
            assertThat(disconnect.isDisconnect()).isTrue();
            assertThat(disconnect.reasonCode()).isEqualTo(0x93);
        });
    }

    @Test
    void releasedQos2MessagesMakeRoomWithinTheBrokersReceiveMaximum() throws Exception {
        String topic = Clients.unique("paced");
        RawClient client = clients.raw5();
        client.connectSuccessfully(Packets.connect5(Clients.unique("pacer")));

        client.send(Packets.publish5(topic, "one", 2, 1), Packets.publish5(topic, "two", 2, 2));
        client.read();
        client.read();
        client.send(Packets.bytes(0x62, 0x02, 0x00, 0x01)); // PUBREL 1
        assertThat(client.read().type()).as("PUBCOMP").isEqualTo(7);
        client.send(Packets.publish5(topic, "three", 2, 3));

        Packet pubrec = client.read();
        assertThat(pubrec.type()).isEqualTo(Packet.PUBREC);
        assertThat(pubrec.packetId()).isEqualTo(3);
    }

    @Test
    void messageLargerThanTheClientsMaximumPacketSizeIsDroppedAndCounted() throws Exception {
        String topic = Clients.unique("small-only");
        Mqtt5BlockingClient subscriber = clients.hivemq5(Clients.unique("small-reader"));
        Mqtt5Publishes received = subscribeWithMaximumPacketSize(subscriber, topic, 128);
        long droppedBefore = dropped.count(DropReason.TOO_LARGE);

        publish(topic, "x".repeat(300), MqttQos.AT_LEAST_ONCE);
        publish(topic, "small", MqttQos.AT_LEAST_ONCE);

        Mqtt5Publish first = received.receive(10, TimeUnit.SECONDS).orElseThrow();
        assertThat(TestClients.text(first)).isEqualTo("small");
        assertThat(received.receive(TestClients.QUIET.toMillis(), TimeUnit.MILLISECONDS)).isEmpty();
        assertThat(dropped.count(DropReason.TOO_LARGE)).isEqualTo(droppedBefore + 1);
        assertThat(subscriber.getState().isConnected()).isTrue();
    }

    @Test
    void messageWithSeveralUserPropertiesFitsAClientsMaximumPacketSize() throws Exception {
        String topic = Clients.unique("labelled");
        Mqtt5Publishes received = subscribeWithMaximumPacketSize(clients.hivemq5(Clients.unique("labelled-reader")),
                topic, 1024);

        // The size check reads each user property the broker forwards.
        publisher.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload(TestClients.utf8("labelled"))
                .userProperties().add("unit", "°C").add("unit", "K").applyUserProperties().send();

        Mqtt5Publish message = received.receive(10, TimeUnit.SECONDS).orElseThrow();
        assertThat(TestClients.text(message)).isEqualTo("labelled");
        assertThat(message.getUserProperties().asList()).extracting(p -> p.getName() + "=" + p.getValue())
                .containsExactly("unit=°C", "unit=K");
    }

    @Test
    void pahoMessageLargerThanItsMaximumPacketSizeIsDropped() throws Exception {
        String topic = Clients.unique("paho-small-only");
        Paho5Client subscriber = clients.paho5(Clients.unique("paho-small-reader"));
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setMaximumPacketSize(128L);
        subscriber.connect(options);
        subscriber.subscribe(new MqttSubscription(topic, 1));
        long droppedBefore = dropped.count(DropReason.TOO_LARGE);

        publish(topic, "y".repeat(300), MqttQos.AT_MOST_ONCE);
        publish(topic, "small", MqttQos.AT_MOST_ONCE);

        assertThat(new String(subscriber.receive().message().getPayload(), StandardCharsets.UTF_8)).isEqualTo("small");
        subscriber.assertNothingReceived();
        assertThat(dropped.count(DropReason.TOO_LARGE)).isEqualTo(droppedBefore + 1);
        assertThat(subscriber.isConnected()).isTrue();
    }

    @Test
    void messageOfExactlyTheClientsMaximumPacketSizeIsDelivered() throws Exception {
        String topic = Clients.unique("exact");
        String payload = "z".repeat(40);
        int limit = plainQos0PublishSize(topic, payload);

        List<Packet> received = publishToRawSubscriber(topic, payload, Packets.properties()
                .fourBytes(Packets.MAXIMUM_PACKET_SIZE, limit));

        assertThat(received).extracting(Packet::payload).containsExactly(payload, "tiny");
        assertThat(received.get(0).size()).isEqualTo(limit);
    }

    @Test
    void messageOneByteOverTheClientsMaximumPacketSizeIsDropped() throws Exception {
        String topic = Clients.unique("one-over");
        String payload = "o".repeat(40);
        long droppedBefore = dropped.count(DropReason.TOO_LARGE);

        List<Packet> received = publishToRawSubscriber(topic, payload, Packets.properties()
                .fourBytes(Packets.MAXIMUM_PACKET_SIZE, plainQos0PublishSize(topic, payload) - 1));

        assertThat(received).extracting(Packet::payload).containsExactly("tiny");
        assertThat(dropped.count(DropReason.TOO_LARGE)).isEqualTo(droppedBefore + 1);
    }

    @Test
    void packetJustWithinTheLimitStaysWithinItWhenTheBrokerAddsATopicAlias() throws Exception {
        String topic = Clients.unique("aliased");
        String payload = "a".repeat(40);
        int limit = plainQos0PublishSize(topic, payload);

        List<Packet> received = publishToRawSubscriber(topic, payload, Packets.properties()
                .fourBytes(Packets.MAXIMUM_PACKET_SIZE, limit)
                .twoBytes(Packets.TOPIC_ALIAS_MAXIMUM, 5));

        assertThat(received).extracting(Packet::payload).contains("tiny");
        // [MQTT-3.1.2-24] whatever the broker sends, alias included, fits the client's maximum packet size
        assertThat(received).allSatisfy(packet -> assertThat(packet.size())
                .as("size of %s", packet).isLessThanOrEqualTo(limit));
    }

    /** The size of a QoS 0 PUBLISH without properties: fixed header, topic, empty property length, payload. */
    private static int plainQos0PublishSize(String topic, String payload) {
        int remaining = 2 + topic.length() + 1 + payload.length();
        assertThat(remaining).as("one remaining length byte").isLessThan(128);
        return 1 + 1 + remaining;
    }

    /**
     * Publishes {@code payload}, then "tiny", at QoS 0 to a raw subscriber that connected with these
     * properties; returns every packet it received until nothing more came for {@link TestClients#QUIET}.
     */
    private List<Packet> publishToRawSubscriber(String topic, String payload, Packets.Properties connectProperties)
            throws Exception {
        RawClient subscriber = rawSubscriber(topic, 0, connectProperties);
        publish(topic, payload, MqttQos.AT_MOST_ONCE);
        publish(topic, "tiny", MqttQos.AT_MOST_ONCE);
        List<Packet> received = new ArrayList<>();
        Optional<Packet> next;
        while ((next = subscriber.readWithin(TestClients.QUIET)).isPresent()) {
            received.add(next.get());
        }
        return received;
    }

    @Test
    void publishLargerThanTheBrokersMaximumPacketSizeClosesTheConnectionWith0x95() throws Exception {
        RawClient client = clients.raw5();
        client.connectSuccessfully(Packets.connect5(Clients.unique("oversized")));

        List<Packet> packets = client.send(Packets.publish5(Clients.unique("big"), "b".repeat(2000), 0, 0))
                .awaitClosedPackets();

        assertThat(packets).singleElement().satisfies(disconnect -> {
            assertThat(disconnect.isDisconnect()).isTrue();
            assertThat(disconnect.reasonCode()).isEqualTo(0x95);
        });
    }

    @Test
    void publishOfExactlyTheBrokersMaximumPacketSizeIsAccepted() throws Exception {
        String topic = Clients.unique("fits");
        RawClient client = clients.raw5();
        client.connectSuccessfully(Packets.connect5(Clients.unique("fitting")));

        byte[] packet = publishOfTotalSize(topic, BROKER_MAXIMUM_PACKET_SIZE, 1);
        Packet puback = client.send(packet).read();

        assertThat(packet).hasSize(BROKER_MAXIMUM_PACKET_SIZE);
        assertThat(puback.type()).isEqualTo(Packet.PUBACK);
    }

    @Test
    void publishOneByteOverTheBrokersMaximumPacketSizeIsRefusedWith0x95() throws Exception {
        String topic = Clients.unique("overflows");
        RawClient client = clients.raw5();
        client.connectSuccessfully(Packets.connect5(Clients.unique("overflowing")));

        byte[] packet = publishOfTotalSize(topic, BROKER_MAXIMUM_PACKET_SIZE + 1, 1);
        List<Packet> packets = client.send(packet).awaitClosedPackets(RawClient.CLOSE_TIMEOUT);

        assertThat(packet).hasSize(BROKER_MAXIMUM_PACKET_SIZE + 1);
        // The maximum packet size counts the whole packet, fixed header included (MQTT 5.0, 3.2.2.3.6).
        assertThat(packets).extracting(Packet::type).containsExactly(Packet.DISCONNECT);
        assertThat(packets.get(0).reasonCode()).isEqualTo(0x95);
    }

    /** A QoS 1 PUBLISH without properties whose encoded size is exactly {@code size} (from 200 to 16 KB). */
    private static byte[] publishOfTotalSize(String topic, int size, int packetId) {
        int remaining = size - 1 - 2; // a remaining length from 128 to 16383 takes two bytes
        int payloadLength = remaining - (2 + topic.length()) - 2 - 1;
        return Packets.publish5(topic, "p".repeat(payloadLength), 1, packetId);
    }

    /** A raw MQTT 5 client connected with these CONNECT properties and subscribed to {@code topic}. */
    private RawClient rawSubscriber(String topic, int qos, Packets.Properties connectProperties)
            throws Exception {
        RawClient subscriber = clients.raw5();
        subscriber.connectSuccessfully(Packets.connect5(Clients.unique("raw-sub")).properties(connectProperties));
        Packet subAck = subscriber.send(Packets.subscribe5(1, 0, topic, qos)).read();
        assertThat(subAck.type()).isEqualTo(Packet.SUBACK);
        return subscriber;
    }

    /** Connects with this maximum packet size and subscribes to {@code topic} at QoS 1. */
    private Mqtt5Publishes subscribeWithMaximumPacketSize(Mqtt5BlockingClient subscriber, String topic, int size) {
        subscriber.connectWith().restrictions().maximumPacketSize(size).applyRestrictions().send();
        Mqtt5Publishes received = clients.publishes(subscriber);
        subscriber.subscribeWith().topicFilter(topic).qos(MqttQos.AT_LEAST_ONCE).send();
        return received;
    }

    private void publish(String topic, String payload, MqttQos qos) {
        publisher.publishWith().topic(topic).qos(qos).payload(TestClients.utf8(payload)).send();
    }
}
