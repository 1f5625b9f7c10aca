package io.petrel.mqtt5pubsub;

import static io.petrel.test.client.Packets.SUBSCRIPTION_IDENTIFIER;
import static io.petrel.test.client.Packets.connect5;
import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.Mqtt5RetainHandling;
import io.petrel.test.BrokerTest;
import io.petrel.test.Clients;
import io.petrel.test.client.Mqtt5Subscriber;
import io.petrel.test.client.Packet;
import io.petrel.test.client.Packets;
import io.petrel.test.client.Paho5Client;
import io.petrel.test.client.RawClient;
import io.petrel.test.client.TestClients;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * MQTT 5 subscription options and subscription identifiers (mosquitto 02-subscribe-*-v5, 04-retain-*-v5):
 * no local, retain as published, retain handling 0/1/2, and the identifiers of every matching
 * subscription on each message.
 */
@BrokerTest
class SubscriptionOptionsTests {

    @RegisterExtension
    final TestClients clients = new TestClients();

    Mqtt5BlockingClient publisher;

    /** Topics that hold a retained message, cleared (and acknowledged) after each test: the context outlives it. */
    final List<String> retainedTopics = new ArrayList<>();

    @BeforeEach
    void connectPublisher() {
        publisher = clients.connected5("pub");
    }

    @AfterEach
    void clearRetainedMessages() {
        retainedTopics.forEach(
                topic -> publisher.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).retain(true).send());
    }

    @Test
    void noLocalSubscriptionDoesNotReceiveTheClientsOwnMessages() throws Exception {
        String topic = Clients.unique("no-local");
        Mqtt5Subscriber subscriber = clients.subscriber5("self");
        subscriber.client().subscribeWith().topicFilter(topic).qos(MqttQos.AT_LEAST_ONCE).noLocal(true).send();

        TestClients.publish(subscriber.client(), topic, MqttQos.AT_LEAST_ONCE, "own");
        TestClients.publish(publisher, topic, MqttQos.AT_LEAST_ONCE, "other");

        // [MQTT-3.8.3-3] the own message would have arrived first
        assertThat(TestClients.text(subscriber.receive())).isEqualTo("other");
        subscriber.assertNothingReceived();
    }

    @Test
    void subscriptionWithoutNoLocalReceivesTheClientsOwnMessages() throws Exception {
        String topic = Clients.unique("local");
        Mqtt5Subscriber subscriber = clients.subscriber5("self");
        subscriber.client().subscribeWith().topicFilter(topic).qos(MqttQos.AT_LEAST_ONCE).send();

        TestClients.publish(subscriber.client(), topic, MqttQos.AT_LEAST_ONCE, "own");

        assertThat(TestClients.text(subscriber.receive())).isEqualTo("own");
    }

    @Test
    void retainAsPublishedKeepsTheRetainFlagOfForwardedMessages() throws Exception {
        String topic = retainedTopic("as-published");
        Mqtt5Subscriber keeps = clients.subscriber5("keeps");
        keeps.client().subscribeWith().topicFilter(topic).qos(MqttQos.AT_LEAST_ONCE).retainAsPublished(true).send();
        Mqtt5Subscriber clears = clients.subscriber5("clears");
        clears.client().subscribeWith().topicFilter(topic).qos(MqttQos.AT_LEAST_ONCE).send();

        publisher.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).retain(true)
                .payload(TestClients.utf8("retained")).send();
        TestClients.publish(publisher, topic, MqttQos.AT_LEAST_ONCE, "not retained");

        // [MQTT-3.3.1-12] [MQTT-3.3.1-13]
        assertThat(keeps.receive().isRetain()).as("forwarded retained message, retain as published").isTrue();
        assertThat(keeps.receive().isRetain()).as("forwarded plain message, retain as published").isFalse();
        assertThat(clears.receive().isRetain()).as("forwarded retained message, default options").isFalse();
        assertThat(clears.receive().isRetain()).as("forwarded plain message, default options").isFalse();
    }

    @Test
    void retainHandlingZeroSendsRetainedMessagesOnEverySubscribe() throws Exception {
        String topic = retainedTopic("rh0");
        publishRetained(topic);
        Mqtt5Subscriber subscriber = clients.subscriber5("rh0");

        subscribe(subscriber, topic, Mqtt5RetainHandling.SEND);
        Mqtt5Publish first = subscriber.receive();
        subscribe(subscriber, topic, Mqtt5RetainHandling.SEND);
        Mqtt5Publish second = subscriber.receive();

        assertThat(List.of(first, second)).allSatisfy(message -> {
            assertThat(TestClients.text(message)).isEqualTo("retained");
            assertThat(message.isRetain()).isTrue();
        });
    }

    @Test
    void retainHandlingOneSendsRetainedMessagesOnlyForANewSubscription() throws Exception {
        String topic = retainedTopic("rh1");
        publishRetained(topic);
        Mqtt5Subscriber subscriber = clients.subscriber5("rh1");

        subscribe(subscriber, topic, Mqtt5RetainHandling.SEND_IF_SUBSCRIPTION_DOES_NOT_EXIST);
        assertThat(TestClients.text(subscriber.receive())).isEqualTo("retained");
        subscribe(subscriber, topic, Mqtt5RetainHandling.SEND_IF_SUBSCRIPTION_DOES_NOT_EXIST);
        subscriber.assertNothingReceived();

        subscriber.client().unsubscribeWith().topicFilter(topic).send();
        subscribe(subscriber, topic, Mqtt5RetainHandling.SEND_IF_SUBSCRIPTION_DOES_NOT_EXIST);
        assertThat(TestClients.text(subscriber.receive())).as("new again after UNSUBSCRIBE").isEqualTo("retained");
    }

    @Test
    void retainHandlingTwoNeverSendsRetainedMessages() throws Exception {
        String topic = retainedTopic("rh2");
        publishRetained(topic);
        Mqtt5Subscriber subscriber = clients.subscriber5("rh2");

        subscribe(subscriber, topic, Mqtt5RetainHandling.DO_NOT_SEND);
        subscriber.assertNothingReceived();
        TestClients.publish(publisher, topic, MqttQos.AT_LEAST_ONCE, "live");

        assertThat(TestClients.text(subscriber.receive())).as("the subscription itself works").isEqualTo("live");
    }

    @Test
    void overlappingSubscriptionsWithIdentifiersDeliverOneMessageCarryingBothIdentifiers() throws Exception {
        String prefix = Clients.unique("sub-ids");
        Paho5Client subscriber = clients.paho5(Clients.unique("paho-ids")).connect();
        subscriber.subscribe(subscriptionId(7), new MqttSubscription(prefix + "/#", 1));
        subscriber.subscribe(subscriptionId(42), new MqttSubscription(prefix + "/+", 1));

        TestClients.publish(publisher, prefix + "/both", MqttQos.AT_LEAST_ONCE, "both");
        TestClients.publish(publisher, prefix + "/only/hash", MqttQos.AT_LEAST_ONCE, "hash");

        // [MQTT-3.3.4-3] [MQTT-3.3.4-5] one copy, with the identifiers of both subscriptions
        Paho5Client.Received both = subscriber.receive();
        assertThat(both.text()).isEqualTo("both");
        assertThat(both.properties().getSubscriptionIdentifiers()).containsExactlyInAnyOrder(7, 42);
        Paho5Client.Received hash = subscriber.receive();
        assertThat(hash.text()).isEqualTo("hash");
        assertThat(hash.properties().getSubscriptionIdentifiers()).containsExactly(7);
        subscriber.assertNothingReceived();
    }

    @Test
    void subscriptionIdentifierGoesWithRetainedMessagesAndLeavesWithAReplacedSubscription() throws Exception {
        String topic = retainedTopic("sub-id-retained");
        publishRetained(topic);
        RawClient subscriber = clients.raw(connect5(Clients.unique("raw-sub")));

        subscriber.send(Packets.subscribe5(1, 268_435_455, topic, 1)); // the largest identifier
        assertThat(subscriber.read().reasonCodes()).containsExactly(1);
        Packet retained = subscriber.read();
        assertThat(retained.properties().values(SUBSCRIPTION_IDENTIFIER)).containsExactly(268_435_455L);
        subscriber.send(Packets.puback(retained.packetId()));

        // the same filter without an identifier replaces the subscription, identifier included
        subscriber.send(Packets.subscribe5(2, 0, topic, 1 | 0x20));
        assertThat(subscriber.read().reasonCodes()).containsExactly(1);
        TestClients.publish(publisher, topic, MqttQos.AT_LEAST_ONCE, "live");
        Packet live = subscriber.read();
        assertThat(live.payload()).isEqualTo("live");
        assertThat(live.properties().values(SUBSCRIPTION_IDENTIFIER)).isEmpty();
    }

    @Test
    void subscriptionIdentifierZeroIsAProtocolError() throws Exception {
        String topic = Clients.unique("sub-id-zero");
        RawClient subscriber = clients.raw(connect5(Clients.unique("raw-sub")));

        subscriber.send(Packets.subscribe5(1,
                Packets.properties().variableByteInteger(SUBSCRIPTION_IDENTIFIER, 0), topic, 1));

        // 3.8.2.1.2: "It is a Protocol Error if the Subscription Identifier has a value of 0"
        byte[] sent = subscriber.awaitClosed(RawClient.CLOSE_TIMEOUT);
        assertThat(sent).as("DISCONNECT, no SUBACK").startsWith((byte) 0xE0);
        assertThat(sent[2] & 0xFF).isEqualTo(0x82);
    }

    private String retainedTopic(String prefix) {
        String topic = Clients.unique(prefix);
        retainedTopics.add(topic);
        return topic;
    }

    private void publishRetained(String topic) {
        publisher.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).retain(true)
                .payload(TestClients.utf8("retained")).send();
    }

    private static void subscribe(Mqtt5Subscriber subscriber, String topic, Mqtt5RetainHandling retainHandling) {
        subscriber.client().subscribeWith().topicFilter(topic).qos(MqttQos.AT_LEAST_ONCE).retainHandling(retainHandling)
                .send();
    }

    private static MqttProperties subscriptionId(int id) {
        MqttProperties properties = new MqttProperties();
        properties.setSubscriptionIdentifier(id);
        return properties;
    }
}
