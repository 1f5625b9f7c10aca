package io.petrel.flows;

import static io.petrel.flows.RawPackets.connect;
import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import io.petrel.flows.FlowClients.Subscriber;
import io.petrel.flows.RawClient.Packet;
import io.petrel.test.BrokerTest;
import io.petrel.test.Clients;
import java.io.ByteArrayOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** PUBLISH at QoS 0, 1 and 2 in both directions, with their acknowledgements (mosquitto 03-publish-*). */
@BrokerTest
class PublishQosTests extends FlowTest {

    /** The default mqtt.max-inflight-messages. */
    private static final int WINDOW = 32;

    @ParameterizedTest(name = "published at QoS {0}, subscribed at QoS {1}: delivered at QoS {2}")
    @CsvSource({"0,0,0", "0,1,0", "0,2,0", "1,0,0", "1,1,1", "1,2,1", "2,0,0", "2,1,1", "2,2,2"})
    void messageIsDeliveredAtTheLowerOfItsQosAndTheSubscriptionQos(int published, int subscribed, int delivered)
            throws Exception {
        String topic = Clients.unique("qos");
        Subscriber subscriber = clients.subscriber(topic, MqttQos.fromCode(subscribed));
        Mqtt3BlockingClient publisher = clients.connected("pub");

        FlowClients.publish(publisher, topic, MqttQos.fromCode(published), "hello");

        Mqtt3Publish received = subscriber.receive();
        assertThat(FlowClients.text(received)).isEqualTo("hello");
        assertThat(received.getQos().getCode()).isEqualTo(delivered);
        assertThat(received.isRetain()).isFalse();
    }

    @Test
    void qos1PublishIsAcknowledgedWithPubackCarryingItsPacketId() throws Exception {
        String topic = Clients.unique("puback");
        Subscriber subscriber = clients.subscriber(topic, MqttQos.AT_LEAST_ONCE);
        RawClient publisher = clients.raw(connect(Clients.unique("raw-pub")));

        publisher.send(RawPackets.publish(topic, "one", 1, 0x1234));

        Packet puback = publisher.read();
        assertThat(puback.header()).isEqualTo(0x40);
        assertThat(puback.packetId()).isEqualTo(0x1234);
        assertThat(FlowClients.text(subscriber.receive())).isEqualTo("one");
    }

    @Test
    void qos2PublishIsAcknowledgedWithPubrecAndItsPubrelWithPubcomp() throws Exception {
        String topic = Clients.unique("pubrec");
        Subscriber subscriber = clients.subscriber(topic, MqttQos.EXACTLY_ONCE);
        RawClient publisher = clients.raw(connect(Clients.unique("raw-pub")));

        publisher.send(RawPackets.publish(topic, "two", 2, 0x0102));
        Packet pubrec = publisher.read();
        publisher.send(RawPackets.pubrel(0x0102));
        Packet pubcomp = publisher.read();

        assertThat(pubrec.header()).isEqualTo(0x50);
        assertThat(pubrec.packetId()).isEqualTo(0x0102);
        assertThat(pubcomp.header()).isEqualTo(0x70);
        assertThat(pubcomp.packetId()).isEqualTo(0x0102);
        Mqtt3Publish received = subscriber.receive();
        assertThat(FlowClients.text(received)).isEqualTo("two");
        assertThat(received.getQos()).isEqualTo(MqttQos.EXACTLY_ONCE);
    }

    @Test
    void inboundQos2MessageIsRoutedOnceWhenTheClientResendsItBeforePubrel() throws Exception {
        String topic = Clients.unique("exactly-once");
        Subscriber subscriber = clients.subscriber(topic, MqttQos.EXACTLY_ONCE);
        RawClient publisher = clients.raw(connect(Clients.unique("raw-pub")));

        publisher.send(RawPackets.publish(topic, FlowClients.utf8("once"), 2, 7, false, false));
        publisher.send(RawPackets.publish(topic, FlowClients.utf8("once"), 2, 7, true, false));
        Packet firstPubrec = publisher.read();
        Packet secondPubrec = publisher.read();
        publisher.send(RawPackets.pubrel(7));
        Packet pubcomp = publisher.read();
        publisher.send(RawPackets.publish(topic, "marker", 0, 0));

        assertThat(firstPubrec.header()).isEqualTo(0x50);
        assertThat(secondPubrec.header()).as("the resend is acknowledged again").isEqualTo(0x50);
        assertThat(secondPubrec.packetId()).isEqualTo(7);
        assertThat(pubcomp.header()).isEqualTo(0x70);
        assertThat(FlowClients.text(subscriber.receive())).isEqualTo("once");
        assertThat(FlowClients.text(subscriber.receive())).as("no second copy before the marker").isEqualTo("marker");
    }

    @Test
    void packetIdOfACompletedInboundQos2MessageMayCarryANewMessage() throws Exception {
        String topic = Clients.unique("reuse");
        Subscriber subscriber = clients.subscriber(topic, MqttQos.EXACTLY_ONCE);
        RawClient publisher = clients.raw(connect(Clients.unique("raw-pub")));

        for (String payload : new String[] {"first", "second"}) {
            publisher.send(RawPackets.publish(topic, payload, 2, 9));
            assertThat(publisher.read().header()).isEqualTo(0x50);
            publisher.send(RawPackets.pubrel(9));
            assertThat(publisher.read().header()).isEqualTo(0x70);
        }

        assertThat(FlowClients.text(subscriber.receive())).isEqualTo("first");
        assertThat(FlowClients.text(subscriber.receive())).isEqualTo("second");
    }

    @Test
    void outboundQos1MessageAcknowledgedWithPubackIsNotResentAfterReconnect() throws Exception {
        String topic = Clients.unique("acked");
        String clientId = Clients.unique("raw-sub");
        RawClient subscriber = clients.raw(connect(clientId).cleanSession(false));
        subscriber.send(RawPackets.subscribe(1, topic, 1));
        assertThat(subscriber.read().returnCodes()).containsExactly(1);
        Mqtt3BlockingClient publisher = clients.connected("pub");

        FlowClients.publish(publisher, topic, MqttQos.AT_LEAST_ONCE, "one");
        Packet publish = subscriber.read();
        subscriber.send(RawPackets.puback(publish.packetId()));
        subscriber.send(RawPackets.DISCONNECT).awaitClosed();
        RawClient again = clients.raw();
        Packet connack = again.send(connect(clientId).cleanSession(false).bytes()).read();
        FlowClients.publish(publisher, topic, MqttQos.AT_LEAST_ONCE, "two");

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
        subscriber.send(RawPackets.subscribe(1, topic, 2));
        assertThat(subscriber.read().returnCodes()).containsExactly(2);
        Mqtt3BlockingClient publisher = clients.connected("pub");

        FlowClients.publish(publisher, topic, MqttQos.EXACTLY_ONCE, "one");
        Packet publish = subscriber.read();
        subscriber.send(RawPackets.pubrec(publish.packetId()));
        Packet pubrel = subscriber.read();
        subscriber.send(RawPackets.pubcomp(publish.packetId()), RawPackets.DISCONNECT).awaitClosed();
        RawClient again = clients.raw();
        Packet connack = again.send(connect(clientId).cleanSession(false).bytes()).read();
        FlowClients.publish(publisher, topic, MqttQos.EXACTLY_ONCE, "two");

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
        subscriber.send(RawPackets.subscribe(1, topic, 2));
        assertThat(subscriber.read().returnCodes()).containsExactly(2);
        clients.connected("pub").publishWith().topic(topic).qos(MqttQos.EXACTLY_ONCE)
                .payload(FlowClients.utf8("one")).send();
        Packet publish = subscriber.read();
        subscriber.send(RawPackets.pubrec(publish.packetId()));
        assertThat(subscriber.read().header()).isEqualTo(0x62);

        subscriber.close();
        RawClient again = clients.raw();
        Packet connack = again.send(connect(clientId).cleanSession(false).bytes()).read();
        Packet resumed = again.read();

        assertThat(connack.sessionPresent()).isTrue();
        // [MQTT-4.4.0-1] the PUBREL is resent, not the PUBLISH
        assertThat(resumed.header()).isEqualTo(0x62);
        assertThat(resumed.packetId()).isEqualTo(publish.packetId());
        again.send(RawPackets.pubcomp(publish.packetId()));
    }

    @Test
    void packetIdentifiersAreNotReusedWhileTheirMessageIsInFlight() throws Exception {
        String prefix = Clients.unique("packet-ids");
        int retained = 512;
        RawClient publisher = clients.raw(connect(Clients.unique("raw-pub")));
        ByteArrayOutputStream publishes = new ByteArrayOutputStream();
        for (int i = 0; i < retained; i++) {
            publishes.writeBytes(RawPackets.publish(prefix + "/" + i, FlowClients.utf8("r"), 1, i + 1, false, true));
        }
        publisher.send(publishes.toByteArray());
        for (int i = 0; i < retained; i++) {
            assertThat(publisher.read().header()).as("PUBACK").isEqualTo(0x40);
        }
        RawClient subscriber = clients.raw(connect(Clients.unique("raw-sub")));
        subscriber.send(RawPackets.subscribe(1, prefix + "/0", 1));
        assertThat(subscriber.read().returnCodes()).containsExactly(1);
        Packet held = subscriber.read();

        // Each SUBSCRIBE to prefix/# delivers the 512 retained messages again [MQTT-3.8.4-3]: 128 of them use
        // every packet identifier once more, while the first message stays unacknowledged.
        int previousId = held.packetId();
        int wraps = 0;
        for (int round = 0; round < 128; round++) {
            subscriber.send(RawPackets.subscribe(2, prefix + "/#", 1));
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
                    acks.writeBytes(RawPackets.puback(publish.packetId()));
                }
                subscriber.send(acks.toByteArray());
            }
        }
        ByteArrayOutputStream clears = new ByteArrayOutputStream();
        for (int i = 0; i < retained; i++) {
            clears.writeBytes(RawPackets.publish(prefix + "/" + i, new byte[0], 0, 0, false, true));
        }
        publisher.send(clears.toByteArray());

        assertThat(wraps).as("the packet identifiers wrapped around past the held one").isEqualTo(1);
    }
}
