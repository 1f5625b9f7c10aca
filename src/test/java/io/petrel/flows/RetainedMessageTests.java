package io.petrel.flows;

import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import io.petrel.test.BrokerTest;
import io.petrel.test.Clients;
import io.petrel.test.client.Mqtt3Subscriber;
import io.petrel.test.client.Packets;
import io.petrel.test.client.TestClients;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Retained messages: stored, replaced, deleted and delivered on subscribe (mosquitto 04-retain-*). */
@BrokerTest
class RetainedMessageTests {

    @RegisterExtension
    final TestClients clients = new TestClients();

    Mqtt3BlockingClient publisher;

    private final List<String> retainedTopics = new ArrayList<>();

    @BeforeEach
    void connectPublisher() {
        publisher = clients.connected3("retainer");
    }

    @AfterEach
    void clearRetainedMessages() {
        for (String topic : retainedTopics) {
            publisher.publishWith().topic(topic).retain(true).qos(MqttQos.AT_LEAST_ONCE).send();
        }
    }

    @Test
    void retainedMessageIsDeliveredToALaterSubscriberWithTheRetainFlag() throws Exception {
        String topic = Clients.unique("retained");
        retain(topic, "kept", MqttQos.AT_LEAST_ONCE);

        Mqtt3Subscriber subscriber = clients.subscriber3(topic, MqttQos.AT_LEAST_ONCE);

        Mqtt3Publish received = subscriber.receive();
        assertThat(TestClients.text(received)).isEqualTo("kept");
        assertThat(received.isRetain()).isTrue();
        assertThat(received.getQos()).isEqualTo(MqttQos.AT_LEAST_ONCE);
    }

    @Test
    void newerRetainedMessageReplacesTheOlderOne() throws Exception {
        String prefix = Clients.unique("replaced");
        retain(prefix + "/topic", "old", MqttQos.AT_LEAST_ONCE);
        retain(prefix + "/topic", "new", MqttQos.AT_LEAST_ONCE);
        retain(prefix + "/marker", "marker", MqttQos.AT_LEAST_ONCE);

        Mqtt3Subscriber subscriber = clients.subscriber3(prefix + "/topic", MqttQos.AT_LEAST_ONCE);
        subscriber.client().subscribeWith().topicFilter(prefix + "/marker").qos(MqttQos.AT_LEAST_ONCE).send();

        assertThat(TestClients.text(subscriber.receive())).isEqualTo("new");
        assertThat(TestClients.text(subscriber.receive())).as("one retained message per topic").isEqualTo("marker");
    }

    @Test
    void retainedMessageWithAnEmptyPayloadDeletesTheRetainedMessage() throws Exception {
        String prefix = Clients.unique("deleted");
        retain(prefix + "/topic", "doomed", MqttQos.AT_LEAST_ONCE);
        retain(prefix + "/topic", "", MqttQos.AT_LEAST_ONCE);
        retain(prefix + "/marker", "marker", MqttQos.AT_LEAST_ONCE);

        Mqtt3Subscriber subscriber = clients.subscriber3(prefix + "/topic", MqttQos.AT_LEAST_ONCE);
        subscriber.client().subscribeWith().topicFilter(prefix + "/marker").qos(MqttQos.AT_LEAST_ONCE).send();

        // [MQTT-3.3.1-10], [MQTT-3.3.1-11] nothing is retained for the topic, not even the empty message
        assertThat(TestClients.text(subscriber.receive())).isEqualTo("marker");
    }

    @Test
    void retainedMessagesAreDeliveredToEveryMatchingWildcardFilter() throws Exception {
        String prefix = Clients.unique("wild");
        retain(prefix + "/a/x", "a/x", MqttQos.AT_MOST_ONCE);
        retain(prefix + "/b/x", "b/x", MqttQos.AT_MOST_ONCE);
        retain(prefix + "/a/y", "a/y", MqttQos.AT_MOST_ONCE);
        retain(prefix + "/a/x/deeper", "a/x/deeper", MqttQos.AT_MOST_ONCE);

        Mqtt3Subscriber plus = clients.subscriber3(prefix + "/+/x", MqttQos.AT_MOST_ONCE);
        Mqtt3Subscriber hash = clients.subscriber3(prefix + "/a/#", MqttQos.AT_MOST_ONCE);

        List<Mqtt3Publish> plusReceived = List.of(plus.receive(), plus.receive());
        List<Mqtt3Publish> hashReceived = List.of(hash.receive(), hash.receive(), hash.receive());
        assertThat(plusReceived).extracting(TestClients::text).containsExactlyInAnyOrder("a/x", "b/x");
        assertThat(hashReceived).extracting(TestClients::text).containsExactlyInAnyOrder("a/x", "a/y", "a/x/deeper");
        assertThat(plusReceived).allMatch(Mqtt3Publish::isRetain);
        assertThat(hashReceived).allMatch(Mqtt3Publish::isRetain);
        plus.assertNothingReceived();
        hash.assertNothingReceived();
    }

    @Test
    void retainedMessageIsDeliveredAtTheLowerOfItsQosAndTheSubscriptionQos() throws Exception {
        String prefix = Clients.unique("retained-qos");
        retain(prefix + "/two", "two", MqttQos.EXACTLY_ONCE);
        retain(prefix + "/zero", "zero", MqttQos.AT_MOST_ONCE);

        Mqtt3Subscriber atOne = clients.subscriber3(prefix + "/two", MqttQos.AT_LEAST_ONCE);
        Mqtt3Subscriber atTwo = clients.subscriber3(prefix + "/zero", MqttQos.EXACTLY_ONCE);

        assertThat(atOne.receive().getQos()).isEqualTo(MqttQos.AT_LEAST_ONCE);
        assertThat(atTwo.receive().getQos()).isEqualTo(MqttQos.AT_MOST_ONCE);
    }

    @Test
    void retainedMessageIsNotFlaggedRetainedToClientsAlreadySubscribed() throws Exception {
        String topic = Clients.unique("live");
        Mqtt3Subscriber existing = clients.subscriber3(topic, MqttQos.AT_LEAST_ONCE);

        retain(topic, "live", MqttQos.AT_LEAST_ONCE);
        Mqtt3Subscriber later = clients.subscriber3(topic, MqttQos.AT_LEAST_ONCE);

        Mqtt3Publish live = existing.receive();
        assertThat(TestClients.text(live)).isEqualTo("live");
        // [MQTT-3.3.1-9] sent because of an existing subscription: retain flag 0
        assertThat(live.isRetain()).isFalse();
        assertThat(later.receive().isRetain()).isTrue();
    }

    @Test
    void retainedMessageIsDeliveredAgainWhenTheClientSubscribesAgain() throws Exception {
        String topic = Clients.unique("again");
        retain(topic, "again", MqttQos.AT_LEAST_ONCE);
        Mqtt3Subscriber subscriber = clients.subscriber3(topic, MqttQos.AT_LEAST_ONCE);
        assertThat(subscriber.receive().isRetain()).isTrue();

        subscriber.client().subscribeWith().topicFilter(topic).qos(MqttQos.AT_LEAST_ONCE).send();

        // [MQTT-3.8.4-3] a repeated subscription re-sends the retained messages
        Mqtt3Publish again = subscriber.receive();
        assertThat(TestClients.text(again)).isEqualTo("again");
        assertThat(again.isRetain()).isTrue();
    }

    @Test
    void retainedMessagesOnDollarTopicsAreNotSentToFiltersStartingWithAWildcard() throws Exception {
        String level = Clients.unique("dollar-retained");
        retain("$app/" + level, "dollar", MqttQos.AT_LEAST_ONCE);
        retain("app/" + level, "plain", MqttQos.AT_LEAST_ONCE);
        retain(level + "/marker", "marker", MqttQos.AT_LEAST_ONCE);

        Mqtt3Subscriber subscriber = clients.subscriber3("+/" + level, MqttQos.AT_LEAST_ONCE);
        subscriber.client().subscribeWith().topicFilter(level + "/marker").qos(MqttQos.AT_LEAST_ONCE).send();

        // [MQTT-4.7.2-1] had '+/...' matched the $ topic, its retained message would have come before the marker
        assertThat(TestClients.text(subscriber.receive())).isEqualTo("plain");
        assertThat(TestClients.text(subscriber.receive())).isEqualTo("marker");
    }

    private void retain(String topic, String payload, MqttQos qos) {
        retainedTopics.add(topic);
        publisher.publishWith().topic(topic).qos(qos).retain(true).payload(TestClients.utf8(payload)).send();
        if (qos == MqttQos.AT_MOST_ONCE) {
            // Packets of one connection are handled in order: once this is acknowledged, the QoS 0 one is stored.
            publisher.publishWith().topic(Clients.unique("sync")).qos(MqttQos.AT_LEAST_ONCE).send();
        }
    }
}
