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
import org.junit.jupiter.api.Test;

/** SUBSCRIBE, SUBACK, UNSUBSCRIBE and UNSUBACK (mosquitto 02-subscribe-*, 02-unsubscribe-*). */
@BrokerTest
class SubscribeTests extends FlowTest {

    @Test
    void subackGrantsEachRequestedQosInOrder() throws Exception {
        String prefix = Clients.unique("granted");
        RawClient client = clients.raw(connect(Clients.unique("granted")));

        client.send(RawPackets.subscribe(0x0A0B, prefix + "/2", 2, prefix + "/0", 0, prefix + "/1", 1));

        Packet suback = client.read();
        assertThat(suback.header()).isEqualTo(0x90);
        assertThat(suback.packetId()).isEqualTo(0x0A0B);
        assertThat(suback.returnCodes()).containsExactly(2, 0, 1);
    }

    @Test
    void unsubscribeIsAcknowledgedWithItsPacketIdEvenForAnUnknownFilter() throws Exception {
        RawClient client = clients.raw(connect(Clients.unique("unsuback")));

        client.send(RawPackets.unsubscribe(0x0C0D, Clients.unique("never-subscribed")));

        Packet unsuback = client.read();
        assertThat(unsuback.header()).isEqualTo(0xB0);
        assertThat(unsuback.packetId()).isEqualTo(0x0C0D);
    }

    @Test
    void unsubscribeStopsDelivery() throws Exception {
        String prefix = Clients.unique("unsubscribe");
        Mqtt3BlockingClient client = clients.connected("unsubscriber");
        Subscriber subscriber = new Subscriber(client, clients.publishes(client));
        client.subscribeWith().topicFilter(prefix + "/gone").qos(MqttQos.AT_LEAST_ONCE).send();
        client.subscribeWith().topicFilter(prefix + "/kept").qos(MqttQos.AT_LEAST_ONCE).send();
        Mqtt3BlockingClient publisher = clients.connected("pub");
        FlowClients.publish(publisher, prefix + "/gone", MqttQos.AT_LEAST_ONCE, "before");
        assertThat(FlowClients.text(subscriber.receive())).isEqualTo("before");

        client.unsubscribeWith().topicFilter(prefix + "/gone").send();
        FlowClients.publish(publisher, prefix + "/gone", MqttQos.AT_LEAST_ONCE, "after");
        FlowClients.publish(publisher, prefix + "/kept", MqttQos.AT_LEAST_ONCE, "marker");

        assertThat(FlowClients.text(subscriber.receive())).isEqualTo("marker");
    }

    @Test
    void subscribingAgainToTheSameFilterReplacesTheSubscription() throws Exception {
        String topic = Clients.unique("resubscribe");
        Mqtt3BlockingClient client = clients.connected("resubscriber");
        Subscriber subscriber = new Subscriber(client, clients.publishes(client));
        client.subscribeWith().topicFilter(topic).qos(MqttQos.EXACTLY_ONCE).send();
        client.subscribeWith().topicFilter(topic).qos(MqttQos.AT_MOST_ONCE).send();
        Mqtt3BlockingClient publisher = clients.connected("pub");

        FlowClients.publish(publisher, topic, MqttQos.EXACTLY_ONCE, "one");
        FlowClients.publish(publisher, topic, MqttQos.EXACTLY_ONCE, "two");

        // [MQTT-3.8.4-3] one subscription, now at QoS 0: each message once, at QoS 0
        Mqtt3Publish first = subscriber.receive();
        assertThat(FlowClients.text(first)).isEqualTo("one");
        assertThat(first.getQos()).isEqualTo(MqttQos.AT_MOST_ONCE);
        assertThat(FlowClients.text(subscriber.receive())).isEqualTo("two");
    }

    @Test
    void subscriptionsOfOneClientDoNotLeakToAnother() throws Exception {
        String prefix = Clients.unique("isolated");
        Subscriber mine = clients.subscriber(prefix + "/mine", MqttQos.AT_MOST_ONCE);
        Subscriber theirs = clients.subscriber(prefix + "/theirs", MqttQos.AT_MOST_ONCE);
        Mqtt3BlockingClient publisher = clients.connected("pub");

        publisher.publishWith().topic(prefix + "/mine").payload(FlowClients.utf8("for me")).send();
        publisher.publishWith().topic(prefix + "/theirs").payload(FlowClients.utf8("for them")).send();

        assertThat(FlowClients.text(mine.receive())).isEqualTo("for me");
        assertThat(FlowClients.text(theirs.receive())).isEqualTo("for them");
        mine.assertNothingReceived();
    }
}
