package io.petrel.mqtt5pubsub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.petrel.mqtt5pubsub.Mqtt5Clients.Subscriber;
import io.petrel.retain.RetainedMessageStore;
import io.petrel.test.BrokerTest;
import io.petrel.test.Clients;
import io.petrel.transport.MqttServer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
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
    MqttServer server;

    @Autowired
    RetainedMessageStore retainedMessages;

    Mqtt5Clients clients;

    Mqtt5BlockingClient publisher;

    @BeforeEach
    void openClients() {
        clients = new Mqtt5Clients(server);
        publisher = clients.connected("pub");
    }

    @AfterEach
    void closeClients() {
        clients.close();
    }

    @Test
    void retainedMessageIsDeliveredRightAwayAndNotOnceItsTtlPassed() throws Exception {
        String topic = Clients.unique("ttl");
        Subscriber early = clients.subscriber("early"); // connected first: subscribing is one round trip
        publishRetained(topic, "retained");

        Mqtt5Publish retained = subscribe(early, topic);
        assertThat(Mqtt5Clients.text(retained)).isEqualTo("retained");
        assertThat(retained.isRetain()).isTrue();

        await().atMost(EXPIRY_PATIENCE).until(() -> !newSubscriberReceivesRetained(topic));
        await().atMost(EXPIRY_PATIENCE).until(() -> retainedMessages.size() == 0); // freed, not only hidden
    }

    @Test
    void ttlShorterThanTheMessageExpiryIntervalWins() throws Exception {
        String topic = Clients.unique("ttl-wins");
        Subscriber early = clients.subscriber("early");
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
        Subscriber subscriber = clients.subscriber(topic, MqttQos.AT_LEAST_ONCE);

        publishRetained(topic, "forwarded");

        Mqtt5Publish forwarded = subscriber.receive();
        assertThat(Mqtt5Clients.text(forwarded)).isEqualTo("forwarded");
        assertThat(forwarded.getMessageExpiryInterval()).isEmpty();
        await().atMost(EXPIRY_PATIENCE).until(() -> retainedMessages.size() == 0);
    }

    @Test
    void pahoSubscriberGetsTheRetainedMessageOnlyWithinTheTtl() throws Exception {
        String topic = Clients.unique("ttl-paho");
        PahoClient pahoPublisher = clients.paho(Clients.unique("paho-pub")).connect();
        PahoClient early = clients.paho(Clients.unique("paho-early")).connect();
        MqttMessage message = new MqttMessage(Mqtt5Clients.utf8("retained by paho"));
        message.setQos(1);
        message.setRetained(true);
        pahoPublisher.publish(topic, message);

        early.subscribe(new MqttSubscription(topic, 1));
        PahoClient.Received received = early.receive();
        assertThat(received.text()).isEqualTo("retained by paho");
        assertThat(received.message().isRetained()).isTrue();

        await().atMost(EXPIRY_PATIENCE).until(() -> retainedMessages.size() == 0);
        PahoClient late = clients.paho(Clients.unique("paho-late")).connect();
        late.subscribe(new MqttSubscription(topic, 1));
        late.assertNothingReceived();
    }

    private void publishRetained(String topic, String payload) {
        publisher.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).retain(true)
                .payload(Mqtt5Clients.utf8(payload)).send();
    }

    private void publishRetained(String topic, String payload, long expirySeconds) {
        publisher.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).retain(true).messageExpiryInterval(expirySeconds)
                .payload(Mqtt5Clients.utf8(payload)).send();
    }

    private static Mqtt5Publish subscribe(Subscriber subscriber, String topic) throws InterruptedException {
        subscriber.client().subscribeWith().topicFilter(topic).qos(MqttQos.AT_LEAST_ONCE).send();
        return subscriber.receive();
    }

    /** Subscribes a new client and waits up to the quiet period for a retained message. */
    private boolean newSubscriberReceivesRetained(String topic) throws InterruptedException {
        Subscriber probe = clients.subscriber(topic, MqttQos.AT_LEAST_ONCE);
        try {
            return probe.publishes().receive(Mqtt5Clients.QUIET.toMillis(), TimeUnit.MILLISECONDS).isPresent();
        } finally {
            probe.client().disconnect();
        }
    }
}
