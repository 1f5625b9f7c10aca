package io.petrel.mqtt5pubsub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient.Mqtt5Publishes;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.petrel.retain.RetainedMessageStore;
import io.petrel.test.BrokerTest;
import io.petrel.test.Clients;
import io.petrel.test.client.Mqtt5Subscriber;
import io.petrel.test.client.Paho5Client;
import io.petrel.test.client.TestClients;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The MQTT 5 message expiry interval: counted down while a message waits for its subscriber, sent on as
 * the remaining interval, and an expired message is never delivered [MQTT-3.3.2-5, 3.3.2-6] (mosquitto
 * 03-publish-qos1-message-expiry, 04-retain-check-expiry).
 */
@BrokerTest
class MessageExpiryTests {

    private static final long SESSION_EXPIRY_SECONDS = 60;

    @Autowired
    RetainedMessageStore retainedMessages;

    @RegisterExtension
    final TestClients clients = new TestClients();

    @Test
    void messageQueuedForAnOfflineSessionIsNotDeliveredAfterItExpired() throws Exception {
        String topic = Clients.unique("queued-expiry");
        String clientId = Clients.unique("offline");
        Mqtt5BlockingClient first = clients.hivemq5(clientId);
        first.connectWith().sessionExpiryInterval(SESSION_EXPIRY_SECONDS).send();
        first.subscribeWith().topicFilter(topic).qos(MqttQos.AT_LEAST_ONCE).send();
        first.disconnect();

        Mqtt5BlockingClient publisher = clients.connected5("pub");
        publish(publisher, topic, "short-lived", 1);
        publish(publisher, topic, "long-lived", 60);
        TestClients.publish(publisher, topic, MqttQos.AT_LEAST_ONCE, "immortal");
        awaitSecondsPassedSince(System.currentTimeMillis(), 1);

        Mqtt5Subscriber returning = reconnect(clientId);
        // The messages keep their order: the first one to arrive shows the expired one was skipped.
        Mqtt5Publish longLived = returning.receive();
        assertThat(TestClients.text(longLived)).isEqualTo("long-lived");
        assertThat(longLived.getMessageExpiryInterval().orElseThrow()).isBetween(1L, 59L);
        Mqtt5Publish immortal = returning.receive();
        assertThat(TestClients.text(immortal)).isEqualTo("immortal");
        assertThat(immortal.getMessageExpiryInterval()).isEmpty();
        returning.assertNothingReceived();
    }

    @Test
    void pahoReceivesAReducedExpiryIntervalForAMessageThatWaitedInTheQueue() throws Exception {
        String topic = Clients.unique("queued-paho");
        String clientId = Clients.unique("paho-offline");
        Paho5Client first = clients.paho5(clientId).connect(persistentSession(true));
        first.subscribe(new MqttSubscription(topic, 1));
        first.disconnect();

        publish(clients.connected5("pub"), topic, "waited", 60);
        awaitSecondsPassedSince(System.currentTimeMillis(), 1);

        Paho5Client returning = clients.paho5(clientId).connect(persistentSession(false));
        Paho5Client.Received received = returning.receive();
        assertThat(received.text()).isEqualTo("waited");
        assertThat(received.properties().getMessageExpiryInterval()).isBetween(1L, 59L);
    }

    @Test
    void messageWaitingBehindAFullInflightWindowExpiresThere() throws Exception {
        String topic = Clients.unique("window-expiry");
        Mqtt5BlockingClient subscriber = clients.hivemq5(Clients.unique("slow"));
        Mqtt5Publishes received = clients.publishes(subscriber, true);
        subscriber.connectWith().restrictions().receiveMaximum(1).applyRestrictions().send();
        subscriber.subscribeWith().topicFilter(topic).qos(MqttQos.AT_LEAST_ONCE).send();
        Mqtt5BlockingClient publisher = clients.connected5("pub");

        TestClients.publish(publisher, topic, MqttQos.AT_LEAST_ONCE, "in flight");
        Mqtt5Publish inFlight = received.receive(10, TimeUnit.SECONDS).orElseThrow();
        publish(publisher, topic, "expires while waiting", 1);
        TestClients.publish(publisher, topic, MqttQos.AT_LEAST_ONCE, "does not expire");
        awaitSecondsPassedSince(System.currentTimeMillis(), 1);
        inFlight.acknowledge(); // the window opens only now

        Mqtt5Publish next = received.receive(10, TimeUnit.SECONDS).orElseThrow();
        assertThat(TestClients.text(inFlight)).isEqualTo("in flight");
        assertThat(TestClients.text(next)).isEqualTo("does not expire");
        next.acknowledge();
    }

    @Test
    void retainedMessageIsNotDeliveredAfterItsMessageExpiryInterval() throws Exception {
        String topic = Clients.unique("retained-expiry");
        Mqtt5BlockingClient publisher = clients.connected5("pub");
        Mqtt5Subscriber early = clients.subscriber5("early"); // connected first: subscribing is one round trip
        int storedBefore = retainedMessages.size(); // tests in one context run one at a time
        publisher.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).retain(true).messageExpiryInterval(2)
                .payload(TestClients.utf8("short-lived")).send();

        early.client().subscribeWith().topicFilter(topic).qos(MqttQos.AT_LEAST_ONCE).send();
        Mqtt5Publish retained = early.receive();
        assertThat(retained.isRetain()).isTrue();
        assertThat(retained.getMessageExpiryInterval().orElseThrow()).isBetween(1L, 2L);

        await().atMost(Duration.ofSeconds(10)).until(() -> !newSubscriberReceivesRetained(topic));
        // freed, not only hidden (at most: a retained message another class cleared late may go meanwhile)
        await().atMost(Duration.ofSeconds(10)).until(() -> retainedMessages.size() <= storedBefore);
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

    private Mqtt5Subscriber reconnect(String clientId) {
        Mqtt5BlockingClient client = clients.hivemq5(clientId);
        Mqtt5Publishes received = clients.publishes(client);
        boolean sessionPresent = client.connectWith().cleanStart(false).sessionExpiryInterval(SESSION_EXPIRY_SECONDS)
                .send().isSessionPresent();
        assertThat(sessionPresent).as("session present").isTrue();
        return new Mqtt5Subscriber(client, received);
    }

    private static MqttConnectionOptions persistentSession(boolean cleanStart) {
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(cleanStart);
        options.setSessionExpiryInterval(SESSION_EXPIRY_SECONDS);
        return options;
    }

    private static void publish(Mqtt5BlockingClient publisher, String topic, String payload, long expirySeconds) {
        publisher.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).messageExpiryInterval(expirySeconds)
                .payload(TestClients.utf8(payload)).send();
    }

    /**
     * Waits until more than {@code seconds} passed since {@code acknowledgedAt}, taken after the broker
     * acknowledged the messages, so that their expiry, counted from their arrival, has passed too.
     */
    private static void awaitSecondsPassedSince(long acknowledgedAt, long seconds) {
        await().atMost(Duration.ofSeconds(seconds + 5))
                .until(() -> System.currentTimeMillis() > acknowledgedAt + seconds * 1000);
    }
}
