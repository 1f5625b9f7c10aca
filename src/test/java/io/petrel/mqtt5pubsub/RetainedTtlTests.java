package io.petrel.mqtt5pubsub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.petrel.retain.RetainedMessageStore;
import io.petrel.test.BrokerTest;
import io.petrel.test.Clients;
import io.petrel.test.client.Mqtt5Subscriber;
import io.petrel.test.client.Paho5Client;
import io.petrel.test.client.TestClients;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * {@code mqtt.retain.ttl} in memory mode: a retained message lives at most that long, or less when its
 * MQTT 5 message expiry interval is shorter, is never delivered once expired, and is freed. The store
 * belongs to this class's context alone, so its size is exact. The message expiry alone is covered by
 * {@code MessageExpiryTests}, and which of the two is shorter by {@code InMemoryRetainedMessageStoreExpiryTests}.
 */
@BrokerTest(properties = {"mqtt.listeners.tcp.port=0", "mqtt.listeners.tcp.host=127.0.0.1", "management.server.port=0",
    "mqtt.retain.ttl=1s"})
class RetainedTtlTests {

    private static final Duration EXPIRY_PATIENCE = Duration.ofSeconds(10);

    @Autowired
    RetainedMessageStore retainedMessages;

    @RegisterExtension
    final TestClients clients = new TestClients();

    Mqtt5BlockingClient publisher;

    @BeforeEach
    void connectPublisher() {
        publisher = clients.connected5("pub");
    }

    @Test
    void retainedMessageIsDeliveredRightAwayAndNotOnceItsTtlPassed() throws Exception {
        String topic = Clients.unique("ttl");
        Mqtt5Subscriber early = clients.subscriber5("early"); // connected first: subscribing is one round trip
        publishRetained(topic, "retained");

        Mqtt5Publish retained = subscribe(early, topic);
        assertThat(TestClients.text(retained)).isEqualTo("retained");
        assertThat(retained.isRetain()).isTrue();

        await().atMost(EXPIRY_PATIENCE).until(() -> !newSubscriberReceivesRetained(topic));
        await().atMost(EXPIRY_PATIENCE).until(() -> retainedMessages.size() == 0); // freed, not only hidden
    }

    @Test
    void ttlShorterThanTheMessageExpiryIntervalWins() throws Exception {
        String topic = Clients.unique("ttl-wins");
        Mqtt5Subscriber early = clients.subscriber5("early");
        publishRetained(topic, "would live a minute", 60L);

        Mqtt5Publish retained = subscribe(early, topic);
        // The TTL is the store's policy: the subscriber sees the publisher's interval, counted down.
        assertThat(retained.getMessageExpiryInterval().orElseThrow()).as("remaining expiry interval sent")
                .isBetween(58L, 60L);

        await().atMost(EXPIRY_PATIENCE).until(() -> !newSubscriberReceivesRetained(topic));
        await().atMost(EXPIRY_PATIENCE).until(() -> retainedMessages.size() == 0);
    }

    @Test
    void ttlLimitsOnlyTheRetainedCopyNotTheMessageForwardedToSubscribers() throws Exception {
        String topic = Clients.unique("ttl-forwarded");
        Mqtt5Subscriber subscriber = clients.subscriber5(topic, MqttQos.AT_LEAST_ONCE);

        publishRetained(topic, "forwarded");

        Mqtt5Publish forwarded = subscriber.receive();
        assertThat(TestClients.text(forwarded)).isEqualTo("forwarded");
        assertThat(forwarded.getMessageExpiryInterval()).isEmpty();
        await().atMost(EXPIRY_PATIENCE).until(() -> retainedMessages.size() == 0);
    }

    @Test
    void pahoSubscriberGetsTheRetainedMessageOnlyWithinTheTtl() throws Exception {
        String topic = Clients.unique("ttl-paho");
        Paho5Client pahoPublisher = clients.paho5(Clients.unique("paho-pub")).connect();
        Paho5Client early = clients.paho5(Clients.unique("paho-early")).connect();
        MqttMessage message = new MqttMessage(TestClients.utf8("retained by paho"));
        message.setQos(1);
        message.setRetained(true);
        pahoPublisher.publish(topic, message);

        early.subscribe(new MqttSubscription(topic, 1));
        Paho5Client.Received received = early.receive();
        assertThat(received.text()).isEqualTo("retained by paho");
        assertThat(received.message().isRetained()).isTrue();

        await().atMost(EXPIRY_PATIENCE).until(() -> retainedMessages.size() == 0);
        Paho5Client late = clients.paho5(Clients.unique("paho-late")).connect();
        late.subscribe(new MqttSubscription(topic, 1));
        late.assertNothingReceived();
    }

    private void publishRetained(String topic, String payload) {
        publisher.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).retain(true)
                .payload(TestClients.utf8(payload)).send();
    }

    private void publishRetained(String topic, String payload, long expirySeconds) {
        publisher.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).retain(true).messageExpiryInterval(expirySeconds)
                .payload(TestClients.utf8(payload)).send();
    }

    private static Mqtt5Publish subscribe(Mqtt5Subscriber subscriber, String topic) throws InterruptedException {
        subscriber.client().subscribeWith().topicFilter(topic).qos(MqttQos.AT_LEAST_ONCE).send();
        return subscriber.receive();
    }

    /** Subscribes a new client and waits up to the quiet period for a retained message. */
    private boolean newSubscriberReceivesRetained(String topic) throws InterruptedException {
        Mqtt5Subscriber probe = clients.subscriber5(topic, MqttQos.AT_LEAST_ONCE);
        try {
            return probe.publishes().receive(TestClients.QUIET.toMillis(), TimeUnit.MILLISECONDS).isPresent();
        } finally {
            probe.client().disconnect();
        }
    }
}
