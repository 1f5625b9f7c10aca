package io.petrel.flows;

import static io.petrel.test.client.Packets.connect;
import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import io.petrel.test.BrokerTest;
import io.petrel.test.Clients;
import io.petrel.test.client.Mqtt3Subscriber;
import io.petrel.test.client.Packet;
import io.petrel.test.client.Packets;
import io.petrel.test.client.RawClient;
import io.petrel.test.client.TestClients;
import java.io.ByteArrayOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** PUBLISH at QoS 0, 1 and 2 in both directions, with their acknowledgements (mosquitto 03-publish-*). */
@BrokerTest
class PublishQosTests {

    @RegisterExtension
    final TestClients clients = new TestClients();

    /** The default mqtt.max-inflight-messages. */
    private static final int WINDOW = 32;

    @ParameterizedTest(name = "published at QoS {0}, subscribed at QoS {1}: delivered at QoS {2}")
    @CsvSource({"0,0,0", "0,1,0", "0,2,0", "1,0,0", "1,1,1", "1,2,1", "2,0,0", "2,1,1", "2,2,2"})
    void messageIsDeliveredAtTheLowerOfItsQosAndTheSubscriptionQos(int published, int subscribed, int delivered)
            throws Exception {
        String topic = Clients.unique("qos");
        Mqtt3Subscriber subscriber = clients.subscriber3(topic, MqttQos.fromCode(subscribed));
        Mqtt3BlockingClient publisher = clients.connected3("pub");

        TestClients.publish(publisher, topic, MqttQos.fromCode(published), "hello");

        Mqtt3Publish received = subscriber.receive();
        assertThat(TestClients.text(received)).isEqualTo("hello");
        assertThat(received.getQos().getCode()).isEqualTo(delivered);
        assertThat(received.isRetain()).isFalse();
    }

    @Test
    void qos1PublishIsAcknowledgedWithPubackCarryingItsPacketId() throws Exception {
        String topic = Clients.unique("puback");
        Mqtt3Subscriber subscriber = clients.subscriber3(topic, MqttQos.AT_LEAST_ONCE);
        RawClient publisher = clients.raw(connect(Clients.unique("raw-pub")));

        publisher.send(Packets.publish(topic, "one", 1, 0x1234));

        Packet puback = publisher.read();
        assertThat(puback.header()).isEqualTo(0x40);
        assertThat(puback.packetId()).isEqualTo(0x1234);
        assertThat(TestClients.text(subscriber.receive())).isEqualTo("one");
    }

    @Test
    void qos2PublishIsAcknowledgedWithPubrecAndItsPubrelWithPubcomp() throws Exception {
        String topic = Clients.unique("pubrec");
        Mqtt3Subscriber subscriber = clients.subscriber3(topic, MqttQos.EXACTLY_ONCE);
        RawClient publisher = clients.raw(connect(Clients.unique("raw-pub")));

        publisher.send(Packets.publish(topic, "two", 2, 0x0102));
        Packet pubrec = publisher.read();
        publisher.send(Packets.pubrel(0x0102));
        Packet pubcomp = publisher.read();

        assertThat(pubrec.header()).isEqualTo(0x50);
        assertThat(pubrec.packetId()).isEqualTo(0x0102);
        assertThat(pubcomp.header()).isEqualTo(0x70);
        assertThat(pubcomp.packetId()).isEqualTo(0x0102);
        Mqtt3Publish received = subscriber.receive();
        assertThat(TestClients.text(received)).isEqualTo("two");
        assertThat(received.getQos()).isEqualTo(MqttQos.EXACTLY_ONCE);
    }

    @Test
    void inboundQos2MessageIsRoutedOnceWhenTheClientResendsItBeforePubrel() throws Exception {
        String topic = Clients.unique("exactly-once");
        Mqtt3Subscriber subscriber = clients.subscriber3(topic, MqttQos.EXACTLY_ONCE);
        RawClient publisher = clients.raw(connect(Clients.unique("raw-pub")));

        publisher.send(Packets.publish(topic, 2, 7).payload("once").bytes());
        publisher.send(Packets.publish(topic, 2, 7).payload("once").dup().bytes());
        Packet firstPubrec = publisher.read();
        Packet secondPubrec = publisher.read();
        publisher.send(Packets.pubrel(7));
        Packet pubcomp = publisher.read();
        publisher.send(Packets.publish(topic, "marker", 0, 0));

        assertThat(firstPubrec.header()).isEqualTo(0x50);
        assertThat(secondPubrec.header()).as("the resend is acknowledged again").isEqualTo(0x50);
        assertThat(secondPubrec.packetId()).isEqualTo(7);
        assertThat(pubcomp.header()).isEqualTo(0x70);
        assertThat(TestClients.text(subscriber.receive())).isEqualTo("once");
        assertThat(TestClients.text(subscriber.receive())).as("no second copy before the marker").isEqualTo("marker");
    }

    @Test
    void packetIdOfACompletedInboundQos2MessageMayCarryANewMessage() throws Exception {
        String topic = Clients.unique("reuse");
        Mqtt3Subscriber subscriber = clients.subscriber3(topic, MqttQos.EXACTLY_ONCE);
        RawClient publisher = clients.raw(connect(Clients.unique("raw-pub")));

        for (String payload : new String[] {"first", "second"}) {
            publisher.send(Packets.publish(topic, payload, 2, 9));
            assertThat(publisher.read().header()).isEqualTo(0x50);
            publisher.send(Packets.pubrel(9));
            assertThat(publisher.read().header()).isEqualTo(0x70);
        }

        assertThat(TestClients.text(subscriber.receive())).isEqualTo("first");
        assertThat(TestClients.text(subscriber.receive())).isEqualTo("second");
    }

    @Test
    void outboundQos1MessageAcknowledgedWithPubackIsNotResentAfterReconnect() throws Exception {
        String topic = Clients.unique("acked");
        String clientId = Clients.unique("raw-sub");
        RawClient subscriber = clients.raw(connect(clientId).cleanSession(false));
        subscriber.send(Packets.subscribe(1, topic, 1));
        assertThat(subscriber.read().reasonCodes()).containsExactly(1);
        Mqtt3BlockingClient publisher = clients.connected3("pub");

        TestClients.publish(publisher, topic, MqttQos.AT_LEAST_ONCE, "one");
        Packet publish = subscriber.read();
        subscriber.send(Packets.puback(publish.packetId()));
        subscriber.send(Packets.DISCONNECT).awaitClosed();
        RawClient again = clients.raw311();
        Packet connack = again.send(connect(clientId).cleanSession(false).bytes()).read();
        TestClients.publish(publisher, topic, MqttQos.AT_LEAST_ONCE, "two");

        assertThat(publish.header()).as("PUBLISH, QoS 1, no DUP").isEqualTo(0x32);
        assertThat(publish.packetId()).isNotZero();
        assertThat(connack.sessionPresent()).isTrue();
        assertThat(again.read().payload()).as("'one' was acknowledged, so 'two' comes first").isEqualTo("two");
    }

    @Test
    void outboundQos2MessageGoesThroughPubrecPubrelPubcomp() throws Exception {
        String topic = Clients.unique("outbound-qos2");
        String clientId = Clients.unique("raw-sub");
        RawClient subscriber = clients.raw(connect(clientId).cleanSession(false));
        subscriber.send(Packets.subscribe(1, topic, 2));
        assertThat(subscriber.read().reasonCodes()).containsExactly(2);
        Mqtt3BlockingClient publisher = clients.connected3("pub");

        TestClients.publish(publisher, topic, MqttQos.EXACTLY_ONCE, "one");
        Packet publish = subscriber.read();
        subscriber.send(Packets.pubrec(publish.packetId()));
        Packet pubrel = subscriber.read();
        subscriber.send(Packets.pubcomp(publish.packetId()), Packets.DISCONNECT).awaitClosed();
        RawClient again = clients.raw311();
        Packet connack = again.send(connect(clientId).cleanSession(false).bytes()).read();
        TestClients.publish(publisher, topic, MqttQos.EXACTLY_ONCE, "two");

        assertThat(publish.header()).as("PUBLISH, QoS 2, no DUP").isEqualTo(0x34);
        assertThat(publish.payload()).isEqualTo("one");
        assertThat(pubrel.header()).as("PUBREL with flags 0010").isEqualTo(0x62);
        assertThat(pubrel.packetId()).isEqualTo(publish.packetId());
        assertThat(connack.sessionPresent()).isTrue();
        assertThat(again.read().payload()).as("'one' was completed, so 'two' comes first").isEqualTo("two");
    }

    @Test
    void outboundQos2MessageWhosePubrecArrivedIsResumedWithPubrelAfterReconnect() throws Exception {
        String topic = Clients.unique("resume-pubrel");
        String clientId = Clients.unique("raw-sub");
        RawClient subscriber = clients.raw(connect(clientId).cleanSession(false));
        subscriber.send(Packets.subscribe(1, topic, 2));
        assertThat(subscriber.read().reasonCodes()).containsExactly(2);
        clients.connected3("pub").publishWith().topic(topic).qos(MqttQos.EXACTLY_ONCE)
                .payload(TestClients.utf8("one")).send();
        Packet publish = subscriber.read();
        subscriber.send(Packets.pubrec(publish.packetId()));
        assertThat(subscriber.read().header()).isEqualTo(0x62);

        subscriber.close();
        RawClient again = clients.raw311();
        Packet connack = again.send(connect(clientId).cleanSession(false).bytes()).read();
        Packet resumed = again.read();

        assertThat(connack.sessionPresent()).isTrue();
        // [MQTT-4.4.0-1] the PUBREL is resent, not the PUBLISH
        assertThat(resumed.header()).isEqualTo(0x62);
        assertThat(resumed.packetId()).isEqualTo(publish.packetId());
        again.send(Packets.pubcomp(publish.packetId()));
    }

    @Test
    void packetIdentifiersAreNotReusedWhileTheirMessageIsInFlight() throws Exception {
        String prefix = Clients.unique("packet-ids");
        int retained = 512;
        RawClient publisher = clients.raw(connect(Clients.unique("raw-pub")));
        ByteArrayOutputStream publishes = new ByteArrayOutputStream();
        for (int i = 0; i < retained; i++) {
            publishes.writeBytes(Packets.publish(prefix + "/" + i, 1, i + 1).payload("r").retain().bytes());
        }
        publisher.send(publishes.toByteArray());
        for (int i = 0; i < retained; i++) {
            assertThat(publisher.read().header()).as("PUBACK").isEqualTo(0x40);
        }
        RawClient subscriber = clients.raw(connect(Clients.unique("raw-sub")));
        subscriber.send(Packets.subscribe(1, prefix + "/0", 1));
        assertThat(subscriber.read().reasonCodes()).containsExactly(1);
        Packet held = subscriber.read();

        // Each SUBSCRIBE to prefix/# delivers the 512 retained messages again [MQTT-3.8.4-3]: 128 of them use
        // every packet identifier once more, while the first message stays unacknowledged.
        int previousId = held.packetId();
        int wraps = 0;
        for (int round = 0; round < 128; round++) {
            subscriber.send(Packets.subscribe(2, prefix + "/#", 1));
            assertThat(subscriber.read().type()).as("SUBACK").isEqualTo(9);
            // The in-flight window (32, one taken by the held message) decides how many arrive before acks.
            for (int received = 0; received < retained; ) {
                ByteArrayOutputStream acks = new ByteArrayOutputStream();
                for (int end = Math.min(received + WINDOW - 1, retained); received < end; received++) {
                    Packet publish = subscriber.read();
                    assertThat(publish.packetId()).as("packet id in round %d", round).isNotEqualTo(held.packetId())
                            .isNotZero();
                    wraps += publish.packetId() < previousId ? 1 : 0;
                    previousId = publish.packetId();
                    acks.writeBytes(Packets.puback(publish.packetId()));
                }
                subscriber.send(acks.toByteArray());
            }
        }
        ByteArrayOutputStream clears = new ByteArrayOutputStream();
        for (int i = 0; i < retained; i++) {
            clears.writeBytes(Packets.publish(prefix + "/" + i, 0, 0).retain().bytes());
        }
        publisher.send(clears.toByteArray());

        assertThat(wraps).as("the packet identifiers wrapped around past the held one").isEqualTo(1);
    }
}
