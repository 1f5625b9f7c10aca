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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** SUBSCRIBE, SUBACK, UNSUBSCRIBE and UNSUBACK (mosquitto 02-subscribe-*, 02-unsubscribe-*). */
@BrokerTest
class SubscribeTests {

    @RegisterExtension
    final TestClients clients = new TestClients();

    @Test
    void subackGrantsEachRequestedQosInOrder() throws Exception {
        String prefix = Clients.unique("granted");
        RawClient client = clients.raw(connect(Clients.unique("granted")));

        client.send(Packets.subscribe(0x0A0B, prefix + "/2", 2, prefix + "/0", 0, prefix + "/1", 1));

        Packet suback = client.read();
        assertThat(suback.header()).isEqualTo(0x90);
        assertThat(suback.packetId()).isEqualTo(0x0A0B);
        assertThat(suback.reasonCodes()).containsExactly(2, 0, 1);
    }

    @Test
    void unsubscribeIsAcknowledgedWithItsPacketIdEvenForAnUnknownFilter() throws Exception {
        RawClient client = clients.raw(connect(Clients.unique("unsuback")));

        client.send(Packets.unsubscribe(0x0C0D, Clients.unique("never-subscribed")));

        Packet unsuback = client.read();
        assertThat(unsuback.header()).isEqualTo(0xB0);
        assertThat(unsuback.packetId()).isEqualTo(0x0C0D);
    }

    @Test
    void unsubscribeStopsDelivery() throws Exception {
        String prefix = Clients.unique("unsubscribe");
        Mqtt3BlockingClient client = clients.connected3("unsubscriber");
        Mqtt3Subscriber subscriber = new Mqtt3Subscriber(client, clients.publishes(client));
        client.subscribeWith().topicFilter(prefix + "/gone").qos(MqttQos.AT_LEAST_ONCE).send();
        client.subscribeWith().topicFilter(prefix + "/kept").qos(MqttQos.AT_LEAST_ONCE).send();
        Mqtt3BlockingClient publisher = clients.connected3("pub");
        TestClients.publish(publisher, prefix + "/gone", MqttQos.AT_LEAST_ONCE, "before");
        assertThat(TestClients.text(subscriber.receive())).isEqualTo("before");

        client.unsubscribeWith().topicFilter(prefix + "/gone").send();
        TestClients.publish(publisher, prefix + "/gone", MqttQos.AT_LEAST_ONCE, "after");
        TestClients.publish(publisher, prefix + "/kept", MqttQos.AT_LEAST_ONCE, "marker");

        assertThat(TestClients.text(subscriber.receive())).isEqualTo("marker");
    }

    @Test
    void subscribingAgainToTheSameFilterReplacesTheSubscription() throws Exception {
        String topic = Clients.unique("resubscribe");
        Mqtt3BlockingClient client = clients.connected3("resubscriber");
        Mqtt3Subscriber subscriber = new Mqtt3Subscriber(client, clients.publishes(client));
        client.subscribeWith().topicFilter(topic).qos(MqttQos.EXACTLY_ONCE).send();
        client.subscribeWith().topicFilter(topic).qos(MqttQos.AT_MOST_ONCE).send();
        Mqtt3BlockingClient publisher = clients.connected3("pub");

        TestClients.publish(publisher, topic, MqttQos.EXACTLY_ONCE, "one");
        TestClients.publish(publisher, topic, MqttQos.EXACTLY_ONCE, "two");

        // [MQTT-3.8.4-3] one subscription, now at QoS 0: each message once, at QoS 0
        Mqtt3Publish first = subscriber.receive();
        assertThat(TestClients.text(first)).isEqualTo("one");
        assertThat(first.getQos()).isEqualTo(MqttQos.AT_MOST_ONCE);
        assertThat(TestClients.text(subscriber.receive())).isEqualTo("two");
    }

    @Test
    void subscriptionsOfOneClientDoNotLeakToAnother() throws Exception {
        String prefix = Clients.unique("isolated");
        Mqtt3Subscriber mine = clients.subscriber3(prefix + "/mine", MqttQos.AT_MOST_ONCE);
        Mqtt3Subscriber theirs = clients.subscriber3(prefix + "/theirs", MqttQos.AT_MOST_ONCE);
        Mqtt3BlockingClient publisher = clients.connected3("pub");

        publisher.publishWith().topic(prefix + "/mine").payload(TestClients.utf8("for me")).send();
        publisher.publishWith().topic(prefix + "/theirs").payload(TestClients.utf8("for them")).send();

        assertThat(TestClients.text(mine.receive())).isEqualTo("for me");
        assertThat(TestClients.text(theirs.receive())).isEqualTo("for them");
        mine.assertNothingReceived();
    }
}
