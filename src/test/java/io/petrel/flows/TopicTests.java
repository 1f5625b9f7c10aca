package io.petrel.flows;

import static io.petrel.test.client.Packets.connect;
import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import io.petrel.message.Message;
import io.petrel.message.Qos;
import io.petrel.session.MessagePublisher;
import io.petrel.test.BrokerTest;
import io.petrel.test.Clients;
import io.petrel.test.client.Mqtt3Subscriber;
import io.petrel.test.client.Packet;
import io.petrel.test.client.Packets;
import io.petrel.test.client.RawClient;
import io.petrel.test.client.TestClients;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;

/** Topic names, topic filters and wildcard matching (mosquitto 02-subscribe-*, 03-pattern-matching). */
@BrokerTest
class TopicTests {

    @RegisterExtension
    final TestClients clients = new TestClients();

    @Autowired
    MessagePublisher brokerPublisher;

    @ParameterizedTest(name = "PUBLISH to {0}")
    @ValueSource(strings = {"wild/+/card", "wild/#", "#", "+"})
    void publishToATopicNameWithAWildcardClosesTheConnection(String topic) throws Exception {
        RawClient client = clients.raw(connect(Clients.unique("wildcard-pub")));

        client.send(Packets.publish(topic, "nope", 0, 0));

        assertThat(client.awaitClosed(RawClient.READ_TIMEOUT)).isEmpty();
    }

    @Test
    void invalidTopicFiltersAreRefusedWith0x80WhileValidOnesAreGranted() throws Exception {
        String prefix = Clients.unique("filters");
        RawClient client = clients.raw(connect(Clients.unique("filters")));

        client.send(Packets.subscribe(3, prefix + "/#/b", 1, prefix + "/a+", 1, prefix + "/#", 1, "a/b#", 0,
                prefix + "/+/c", 2, "+a/b", 0));

        Packet suback = client.read();
        assertThat(suback.header()).isEqualTo(0x90);
        assertThat(suback.packetId()).isEqualTo(3);
        assertThat(suback.reasonCodes()).containsExactly(0x80, 0x80, 1, 0x80, 2, 0x80);
    }

    @Test
    void topicsStartingWithDollarAreNotMatchedByFiltersStartingWithAWildcard() throws Exception {
        String level = Clients.unique("sys");
        List<String> everything = new ArrayList<>();
        Mqtt3Subscriber all = clients.subscriber3("#", MqttQos.AT_MOST_ONCE);
        Mqtt3Subscriber plus = clients.subscriber3("+/" + level + "/load", MqttQos.AT_MOST_ONCE);
        Mqtt3Subscriber sys = clients.subscriber3("$SYS/" + level + "/+", MqttQos.AT_MOST_ONCE);

        // As the broker would publish its statistics: clients may not publish to $SYS.
        brokerPublisher.publish(Message.of("$SYS/" + level + "/load", "0.5", Qos.AT_MOST_ONCE, false));
        Mqtt3BlockingClient publisher = clients.connected3("pub");
        publisher.publishWith().topic("marker/" + level + "/load").payload(TestClients.utf8("marker")).send();

        assertThat(TestClients.text(sys.receive())).isEqualTo("0.5");
        // [MQTT-4.7.2-1] had '#' or '+/...' matched, the $SYS message would have come before the marker
        assertThat(plus.receive().getTopic()).hasToString("marker/" + level + "/load");
        Mqtt3Publish received;
        do {
            received = all.receive(); // '#' also sees other traffic (wills, other tests): skip to the marker
            everything.add(received.getTopic().toString());
        } while (!received.getTopic().toString().equals("marker/" + level + "/load"));
        assertThat(everything).doesNotContain("$SYS/" + level + "/load");
    }

    @Test
    void dollarTopicsOtherThanSysAreNotMatchedByALeadingWildcardEither() throws Exception {
        String level = Clients.unique("dollar");
        Mqtt3Subscriber plus = clients.subscriber3("+/" + level, MqttQos.AT_MOST_ONCE);
        Mqtt3Subscriber dollar = clients.subscriber3("$app/" + level, MqttQos.AT_MOST_ONCE);
        Mqtt3BlockingClient publisher = clients.connected3("pub");

        publisher.publishWith().topic("$app/" + level).payload(TestClients.utf8("dollar")).send();
        publisher.publishWith().topic("app/" + level).payload(TestClients.utf8("marker")).send();

        assertThat(TestClients.text(dollar.receive())).isEqualTo("dollar");
        assertThat(TestClients.text(plus.receive())).isEqualTo("marker");
    }

    @Test
    void clientPublishingToSysIsDisconnected() throws Exception {
        String level = Clients.unique("sys-pub");
        Mqtt3Subscriber sys = clients.subscriber3("$SYS/" + level, MqttQos.AT_MOST_ONCE);
        RawClient client = clients.raw(connect(Clients.unique("sys-pub")));

        client.send(Packets.publish("$SYS/" + level, "forged", 0, 0));

        assertThat(client.awaitClosed(RawClient.READ_TIMEOUT)).isEmpty();
        sys.assertNothingReceived();
    }

    @Test
    void overlappingSubscriptionsOfOneClientDeliverAMessageOnceAtTheHighestGrantedQos() throws Exception {
        String prefix = Clients.unique("overlap");
        Mqtt3BlockingClient client = clients.connected3("overlap");
        var publishes = clients.publishes(client);
        client.subscribeWith().topicFilter(prefix + "/#").qos(MqttQos.AT_MOST_ONCE).send();
        client.subscribeWith().topicFilter(prefix + "/b").qos(MqttQos.EXACTLY_ONCE).send();
        Mqtt3Subscriber subscriber = new Mqtt3Subscriber(client, publishes);
        Mqtt3BlockingClient publisher = clients.connected3("pub");

        TestClients.publish(publisher, prefix + "/b", MqttQos.EXACTLY_ONCE, "once");
        TestClients.publish(publisher, prefix + "/c", MqttQos.AT_MOST_ONCE, "marker");

        Mqtt3Publish first = subscriber.receive();
        assertThat(TestClients.text(first)).isEqualTo("once");
        assertThat(first.getQos()).isEqualTo(MqttQos.EXACTLY_ONCE);
        assertThat(TestClients.text(subscriber.receive())).as("no second copy before the marker").isEqualTo("marker");
    }

    @Test
    void wildcardsMatchLevelsAsSpecified() throws Exception {
        String p = Clients.unique("match");
        Mqtt3Subscriber plus = clients.subscriber3(p + "/+/c", MqttQos.AT_MOST_ONCE);
        Mqtt3Subscriber hash = clients.subscriber3(p + "/a/#", MqttQos.AT_MOST_ONCE);
        Mqtt3BlockingClient publisher = clients.connected3("pub");

        for (String topic : List.of(p + "/a", p + "/a/c", p + "/a/b/c", p + "/x/c", p + "//c", p + "/a/",
                p + "/end/c", p + "/a/end")) {
            publisher.publishWith().topic(topic).payload(TestClients.utf8(topic)).send();
        }

        assertThat(receiveUntil(plus, p + "/end/c")).containsExactly(p + "/a/c", p + "/x/c", p + "//c", p + "/end/c");
        // [MQTT-4.7.1-2] '#' also matches the parent level
        assertThat(receiveUntil(hash, p + "/a/end"))
                .containsExactly(p + "/a", p + "/a/c", p + "/a/b/c", p + "/a/", p + "/a/end");
    }

    private static List<String> receiveUntil(Mqtt3Subscriber subscriber, String last) throws InterruptedException {
        List<String> payloads = new ArrayList<>();
        String payload;
        do {
            payload = TestClients.text(subscriber.receive());
            payloads.add(payload);
        } while (!payload.equals(last));
        return payloads;
    }
}
