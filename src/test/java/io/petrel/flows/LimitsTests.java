package io.petrel.flows;

import static io.petrel.test.client.Packets.bytes;
import static io.petrel.test.client.Packets.connect;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.message.connect.connack.Mqtt3ConnAck;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import io.petrel.session.SessionRegistry;
import io.petrel.test.BrokerTest;
import io.petrel.test.Clients;
import io.petrel.test.client.Mqtt3Subscriber;
import io.petrel.test.client.Packet;
import io.petrel.test.client.Packets;
import io.petrel.test.client.RawClient;
import io.petrel.test.client.TestClients;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Configured limits: connect timeout, packet size, client id length, maximum QoS, the outbound in-flight
 * window and the bounded session queue (drop-oldest). All in one context with small limits.
 */
@BrokerTest(properties = {"mqtt.listeners.tcp.port=0", "mqtt.listeners.tcp.host=127.0.0.1", "management.server.port=0",
    "mqtt.connect-timeout=1s", "mqtt.maximum-packet-size=1KB", "mqtt.maximum-qos=1", "mqtt.max-inflight-messages=2",
    "mqtt.session.max-queued-messages=5"})
class LimitsTests {

    @RegisterExtension
    final TestClients clients = new TestClients();

    @Autowired
    SessionRegistry sessions;

    Mqtt3BlockingClient publisher;

    @BeforeEach
    void connectPublisher() {
        publisher = clients.connected3("pub");
    }

    @Test
    void connectionWithoutConnectIsClosedAfterTheConnectTimeout() throws Exception {
        RawClient client = clients.raw311();
        long opened = System.nanoTime();

        assertThat(client.awaitClosed(Duration.ofSeconds(10))).isEmpty();

        assertThat(Duration.ofNanos(System.nanoTime() - opened)).isGreaterThanOrEqualTo(Duration.ofMillis(900));
    }

    @Test
    void connectionThatSendsOnlyPartOfItsConnectIsClosedAfterTheConnectTimeout() throws Exception {
        RawClient client = clients.raw311();
        byte[] connect = connect(Clients.unique("slow")).bytes();

        client.send(Arrays.copyOf(connect, connect.length / 2));

        assertThat(client.awaitClosed(Duration.ofSeconds(10))).isEmpty();
    }

    @Test
    void connectedClientIsNotClosedByTheConnectTimeout() throws Exception {
        RawClient client = clients.raw(connect(Clients.unique("in-time")));

        // 3 x 0.5 s of quiet: past the 1 s connect timeout
        for (int i = 0; i < 3; i++) {
            client.assertNothingWithin(TestClients.QUIET);
        }
        client.send(Packets.PINGREQ);

        assertThat(client.read().header()).isEqualTo(0xD0);
    }

    @Test
    void publishLargerThanTheMaximumPacketSizeClosesOnlyThatConnection() throws Exception {
        String topic = Clients.unique("big");
        Mqtt3Subscriber subscriber = clients.subscriber3(topic, MqttQos.AT_LEAST_ONCE);
        RawClient publisher = clients.raw(connect(Clients.unique("big-pub")));
        publisher.send(Packets.publish(topic, "x".repeat(900), 1, 1));
        assertThat(publisher.read().header()).as("PUBACK for 900 bytes").isEqualTo(0x40);
        assertThat(TestClients.text(subscriber.receive())).hasSize(900);

        publisher.send(Packets.publish(topic, "x".repeat(2000), 1, 2));

        assertThat(publisher.awaitClosed(RawClient.READ_TIMEOUT)).isEmpty();
        TestClients.publish(subscriber.client(), topic, MqttQos.AT_LEAST_ONCE, "small");
        assertThat(TestClients.text(subscriber.receive())).as("the 2000-byte message was not routed")
                .isEqualTo("small");
    }

    @Test
    void hivemqClientPublishingAPacketOverTheLimitIsDisconnected() {
        Mqtt3BlockingClient client = clients.connected3("hivemq-big");

        client.toAsync().publishWith().topic(Clients.unique("big")).qos(MqttQos.AT_MOST_ONCE)
                .payload(new byte[4096]).send();

        await().atMost(Duration.ofSeconds(10)).until(() -> !client.getState().isConnected());
    }

    @ParameterizedTest(name = "protocol level {0}")
    @ValueSource(ints = {3, 4})
    void clientIdLongerThanTheLimitIsRefusedWithReturnCode2(int level) throws Exception {
        String longest = Clients.unique("id") + "x".repeat(256 - 11);
        RawClient accepted = clients.raw311();
        RawClient refused = clients.raw311();

        accepted.send(connect(longest).level(level).bytes());
        refused.send(connect(longest + "x").level(level).bytes());

        assertThat(longest).hasSize(256);
        assertThat(accepted.readBytes(4)).containsExactly(bytes(0x20, 0x02, 0x00, 0x00));
        assertThat(refused.awaitClosed(RawClient.READ_TIMEOUT)).containsExactly(bytes(0x20, 0x02, 0x00, 0x02));
    }

    @Test
    void subscriptionIsGrantedAtMostTheMaximumQos() throws Exception {
        String prefix = Clients.unique("max-qos");
        RawClient client = clients.raw(connect(Clients.unique("max-qos")));

        client.send(Packets.subscribe(1, prefix + "/0", 0, prefix + "/1", 1, prefix + "/2", 2));

        assertThat(client.read().reasonCodes()).containsExactly(0, 1, 1);
    }

    @Test
    void publishAboveTheMaximumQosClosesTheConnectionWithoutRoutingIt() throws Exception {
        String topic = Clients.unique("qos2-refused");
        Mqtt3Subscriber subscriber = clients.subscriber3(topic, MqttQos.AT_LEAST_ONCE);
        RawClient publisher = clients.raw(connect(Clients.unique("qos2-pub")));

        publisher.send(Packets.publish(topic, "qos 2", 2, 1));

        assertThat(publisher.awaitClosed(RawClient.READ_TIMEOUT)).as("no PUBREC").isEmpty();
        subscriber.assertNothingReceived();
    }

    @Test
    void outboundInflightWindowHoldsBackMessagesUntilTheyAreAcknowledged() throws Exception {
        String topic = Clients.unique("window");
        RawClient subscriber = clients.raw(connect(Clients.unique("slow-sub")));
        subscriber.send(Packets.subscribe(1, topic, 1));
        assertThat(subscriber.read().reasonCodes()).containsExactly(1);
        publish(topic, 5);

        List<Packet> firstTwo = subscriber.readPublishes(2);
        subscriber.assertNothingWithin(TestClients.QUIET);
        subscriber.send(Packets.puback(firstTwo.get(0).packetId()));
        Packet third = subscriber.read();
        subscriber.assertNothingWithin(TestClients.QUIET);
        subscriber.send(Packets.puback(firstTwo.get(1).packetId()), Packets.puback(third.packetId()));
        List<Packet> lastTwo = subscriber.readPublishes(2);

        assertThat(firstTwo).extracting(Packet::payload).containsExactly("m0", "m1");
        assertThat(third.payload()).isEqualTo("m2");
        assertThat(lastTwo).extracting(Packet::payload).containsExactly("m3", "m4");
        assertThat(third.packetId()).as("a new id while the other is in flight")
                .isNotEqualTo(firstTwo.get(1).packetId());
    }

    @Test
    void queueOfASubscriberThatDoesNotAcknowledgeDropsItsOldestMessagesWhenFull() throws Exception {
        String topic = Clients.unique("slow-queue");
        String stalledClientId = Clients.unique("stalled-sub");
        RawClient subscriber = clients.raw(connect(stalledClientId));
        subscriber.send(Packets.subscribe(1, topic, 1));
        assertThat(subscriber.read().reasonCodes()).containsExactly(1);

        publish(topic, 10); // 2 in flight, then 8 for a queue of 5
        List<Packet> inFlight = subscriber.readPublishes(2);
        // Deliveries reach the queue on the subscriber's event loop: acknowledge only once all of them have.
        var session = sessions.find(stalledClientId).orElseThrow();
        await().atMost(Duration.ofSeconds(10)).until(() -> session.droppedMessages() == 3);
        List<String> received = new ArrayList<>();
        for (Packet publish : inFlight) {
            received.add(publish.payload());
            subscriber.send(Packets.puback(publish.packetId()));
        }
        for (int i = 0; i < 5; i++) {
            Packet publish = subscriber.read();
            received.add(publish.payload());
            subscriber.send(Packets.puback(publish.packetId()));
        }

        assertThat(received).containsExactly("m0", "m1", "m5", "m6", "m7", "m8", "m9");
        subscriber.assertNothingWithin(TestClients.QUIET);
    }

    @Test
    void offlineQueueKeepsTheNewestMessagesWhenFull() throws Exception {
        String topic = Clients.unique("drop-oldest");
        String clientId = Clients.unique("offline");
        Mqtt3BlockingClient first = clients.hivemq3(clientId);
        first.connectWith().cleanSession(false).send();
        first.subscribeWith().topicFilter(topic).qos(MqttQos.AT_LEAST_ONCE).send();
        first.disconnect();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> sessions.find(clientId).map(session -> !session.isConnected()).orElse(false));
        publish(topic, 8);

        Mqtt3BlockingClient again = clients.hivemq3(clientId);
        Mqtt3Subscriber subscriber = new Mqtt3Subscriber(again, clients.publishes(again));
        Mqtt3ConnAck connAck = again.connectWith().cleanSession(false).send();
        publish(topic, "marker");

        assertThat(connAck.isSessionPresent()).isTrue();
        List<String> received = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            Mqtt3Publish publish = subscriber.receive();
            received.add(TestClients.text(publish));
        }
        assertThat(received).containsExactly("m3", "m4", "m5", "m6", "m7", "marker");
    }

    private void publish(String topic, int count) {
        for (int i = 0; i < count; i++) {
            publish(topic, "m" + i);
        }
    }

    private void publish(String topic, String payload) {
        TestClients.publish(publisher, topic, MqttQos.AT_LEAST_ONCE, payload);
    }
}
