package io.petrel.flows;

import static io.petrel.flows.RawPackets.connect;
import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import io.petrel.flows.FlowClients.Subscriber;
import io.petrel.message.Message;
import io.petrel.message.Qos;
import io.petrel.session.MessagePublisher;
import io.petrel.test.BrokerTest;
import io.petrel.test.Clients;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;

/** Topic names, topic filters and wildcard matching (mosquitto 02-subscribe-*, 03-pattern-matching). */
@BrokerTest
class TopicTests extends FlowTest {

    @Autowired
    MessagePublisher brokerPublisher;

    @ParameterizedTest(name = "PUBLISH to {0}")
    @ValueSource(strings = {"wild/+/card", "wild/#", "#", "+"})
    void publishToATopicNameWithAWildcardClosesTheConnection(String topic) throws Exception {
        RawClient client = clients.raw(connect(Clients.unique("wildcard-pub")));

        client.send(RawPackets.publish(topic, "nope", 0, 0));

        assertThat(client.awaitClosed(RawClient.READ_TIMEOUT)).isEmpty();
    }

    @Test
    void invalidTopicFiltersAreRefusedWith0x80WhileValidOnesAreGranted() throws Exception {
        String prefix = Clients.unique("filters");
        RawClient client = clients.raw(connect(Clients.unique("filters")));

        client.send(RawPackets.subscribe(3, prefix + "/#/b", 1, prefix + "/a+", 1, prefix + "/#", 1, "a/b#", 0,
                prefix + "/+/c", 2, "+a/b", 0));

        RawClient.Packet suback = client.read();
        assertThat(suback.header()).isEqualTo(0x90);
        assertThat(suback.packetId()).isEqualTo(3);
        assertThat(suback.returnCodes()).containsExactly(0x80, 0x80, 1, 0x80, 2, 0x80);
    }

    @Test
    void topicsStartingWithDollarAreNotMatchedByFiltersStartingWithAWildcard() throws Exception {
        String level = Clients.unique("sys");
        List<String> everything = new ArrayList<>();
        Subscriber all = clients.subscriber("#", MqttQos.AT_MOST_ONCE);
        Subscriber plus = clients.subscriber("+/" + level + "/load", MqttQos.AT_MOST_ONCE);
        Subscriber sys = clients.subscriber("$SYS/" + level + "/+", MqttQos.AT_MOST_ONCE);

        // As the broker would publish its statistics: clients may not publish to $SYS.
        brokerPublisher.publish(Message.of("$SYS/" + level + "/load", "0.5", Qos.AT_MOST_ONCE, false));
        Mqtt3BlockingClient publisher = clients.connected("pub");
        publisher.publishWith().topic("marker/" + level + "/load").payload(FlowClients.utf8("marker")).send();

        assertThat(FlowClients.text(sys.receive())).isEqualTo("0.5");
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
        Subscriber plus = clients.subscriber("+/" + level, MqttQos.AT_MOST_ONCE);
        Subscriber dollar = clients.subscriber("$app/" + level, MqttQos.AT_MOST_ONCE);
        Mqtt3BlockingClient publisher = clients.connected("pub");

        publisher.publishWith().topic("$app/" + level).payload(FlowClients.utf8("dollar")).send();
        publisher.publishWith().topic("app/" + level).payload(FlowClients.utf8("marker")).send();

        assertThat(FlowClients.text(dollar.receive())).isEqualTo("dollar");
        assertThat(FlowClients.text(plus.receive())).isEqualTo("marker");
    }

    @Test
    void clientPublishingToSysIsDisconnected() throws Exception {
        String level = Clients.unique("sys-pub");
        Subscriber sys = clients.subscriber("$SYS/" + level, MqttQos.AT_MOST_ONCE);
        RawClient client = clients.raw(connect(Clients.unique("sys-pub")));

        client.send(RawPackets.publish("$SYS/" + level, "forged", 0, 0));

        assertThat(client.awaitClosed(RawClient.READ_TIMEOUT)).isEmpty();
        sys.assertNothingReceived();
    }

    @Test
    void overlappingSubscriptionsOfOneClientDeliverAMessageOnceAtTheHighestGrantedQos() throws Exception {
        String prefix = Clients.unique("overlap");
        Mqtt3BlockingClient client = clients.connected("overlap");
        var publishes = clients.publishes(client);
        client.subscribeWith().topicFilter(prefix + "/#").qos(MqttQos.AT_MOST_ONCE).send();
        client.subscribeWith().topicFilter(prefix + "/b").qos(MqttQos.EXACTLY_ONCE).send();
        Subscriber subscriber = new Subscriber(client, publishes);
        Mqtt3BlockingClient publisher = clients.connected("pub");

        FlowClients.publish(publisher, prefix + "/b", MqttQos.EXACTLY_ONCE, "once");
        FlowClients.publish(publisher, prefix + "/c", MqttQos.AT_MOST_ONCE, "marker");

        Mqtt3Publish first = subscriber.receive();
        assertThat(FlowClients.text(first)).isEqualTo("once");
        assertThat(first.getQos()).isEqualTo(MqttQos.EXACTLY_ONCE);
        assertThat(FlowClients.text(subscriber.receive())).as("no second copy before the marker").isEqualTo("marker");
    }

    @Test
    void wildcardsMatchLevelsAsSpecified() throws Exception {
        String p = Clients.unique("match");
        Subscriber plus = clients.subscriber(p + "/+/c", MqttQos.AT_MOST_ONCE);
        Subscriber hash = clients.subscriber(p + "/a/#", MqttQos.AT_MOST_ONCE);
        Mqtt3BlockingClient publisher = clients.connected("pub");

        for (String topic : List.of(p + "/a", p + "/a/c", p + "/a/b/c", p + "/x/c", p + "//c", p + "/a/",
                p + "/end/c", p + "/a/end")) {
            publisher.publishWith().topic(topic).payload(FlowClients.utf8(topic)).send();
        }

        assertThat(receiveUntil(plus, p + "/end/c")).containsExactly(p + "/a/c", p + "/x/c", p + "//c", p + "/end/c");
        // [MQTT-4.7.1-2] '#' also matches the parent level
        assertThat(receiveUntil(hash, p + "/a/end"))
                .containsExactly(p + "/a", p + "/a/c", p + "/a/b/c", p + "/a/", p + "/a/end");
    }

    private static List<String> receiveUntil(Subscriber subscriber, String last) throws InterruptedException {
        List<String> payloads = new ArrayList<>();
        String payload;
        do {
            payload = FlowClients.text(subscriber.receive());
            payloads.add(payload);
        } while (!payload.equals(last));
        return payloads;
    }
}
