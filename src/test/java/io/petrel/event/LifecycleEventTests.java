package io.petrel.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import io.petrel.message.Qos;
import io.petrel.message.ReasonCode;
import io.petrel.session.DropReason;
import io.petrel.test.BrokerTest;
import io.petrel.test.Clients;
import io.petrel.test.client.Mqtt5Subscriber;
import io.petrel.test.client.TestClients;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;

/**
 * Lifecycle events reach {@code @EventListener}s in real flows with real clients: connections, refusals,
 * takeovers, sessions, subscriptions, deliveries, acknowledgements and drops; on the {@code mqtt-events}
 * thread, and a listener that throws disturbs neither the broker nor the other listeners' later events.
 */
@BrokerTest(properties = {"mqtt.listeners.tcp.port=0", "mqtt.listeners.tcp.host=127.0.0.1", "management.server.port=0",
    "mqtt.session.max-queued-messages=2"})
class LifecycleEventTests {

    @RegisterExtension
    final TestClients clients = new TestClients();

    @Autowired
    Recorder recorder;

    /** Every event, with the thread it arrived on. */
    static final class Recorder {
        final ConcurrentLinkedQueue<BrokerEvent> events = new ConcurrentLinkedQueue<>();
        final Set<String> threads = java.util.concurrent.ConcurrentHashMap.newKeySet();

        @EventListener
        @Order(1)
        void on(BrokerEvent event) {
            events.add(event);
            threads.add(Thread.currentThread().getName());
        }
    }

    /** Throws on every delivery, after the recorder had it. */
    static final class Thrower {
        @EventListener
        @Order(2)
        void on(MessageDelivered event) {
            throw new IllegalStateException("listener bug");
        }
    }

    @TestConfiguration
    static class Listeners {
        @Bean
        Recorder recorder() {
            return new Recorder();
        }

        @Bean
        Thrower thrower() {
            return new Thrower();
        }
    }

    @Test
    void connectAndDisconnectAreReportedWithClientDetailsAndReason() {
        String clientId = Clients.unique("reported");
        Mqtt5BlockingClient client = clients.hivemq5(clientId);
        client.connect();

        ClientConnected connected = awaitEvent(ClientConnected.class, event -> event.client().clientId().equals(clientId));
        client.disconnect();
        ClientDisconnected disconnected = awaitEvent(ClientDisconnected.class,
                event -> event.client().clientId().equals(clientId));

        assertThat(connected.client().username()).isNull();
        assertThat(connected.client().remoteAddress().getAddress().isLoopbackAddress()).isTrue();
        assertThat(connected.client().listener()).isEqualTo("tcp");
        assertThat(connected.client().protocolVersion()).isEqualTo(5);
        assertThat(connected.keepAliveSeconds()).isEqualTo(60);
        assertThat(connected.cleanStart()).isTrue();
        assertThat(connected.sessionPresent()).isFalse();
        assertThat(awaitEvent(SessionCreated.class, event -> event.clientId().equals(clientId))).isNotNull();
        assertThat(disconnected.reasonCode()).isEqualTo(ReasonCode.SUCCESS);
        assertThat(disconnected.reason()).isEqualTo("client sent DISCONNECT");
        assertThat(recorder.threads).containsOnly("mqtt-events");
    }

    @Test
    void refusedConnectIsReportedWithItsReasonCode() {
        String clientId = Clients.unique("refused");
        Mqtt5BlockingClient client = clients.hivemq5(clientId);

        Throwable failure = catchThrowable(() -> client.connectWith().willPublish().topic("$SYS/forged")
                .payload(TestClients.utf8("x")).applyWillPublish().send());

        assertThat(failure).isInstanceOf(Mqtt5ConnAckException.class);
        ConnectionRefused refused = awaitEvent(ConnectionRefused.class, event -> clientId.equals(event.clientId()));
        assertThat(refused.reasonCode()).isEqualTo(ReasonCode.NOT_AUTHORIZED);
        assertThat(refused.protocolVersion()).isEqualTo(5);
        assertThat(refused.listener()).isEqualTo("tcp");
        assertThat(refused.remoteAddress().getAddress().isLoopbackAddress()).isTrue();
        assertThat(events(ClientConnected.class, event -> event.client().clientId().equals(clientId))).isEmpty();
    }

    @Test
    void takeoverIsReportedForTheSessionAndTheOldConnection() {
        String clientId = Clients.unique("taken");
        Mqtt5BlockingClient first = clients.hivemq5(clientId);
        first.connectWith().sessionExpiryInterval(60).send();
        Mqtt5BlockingClient second = clients.hivemq5(clientId);
        second.connectWith().cleanStart(false).sessionExpiryInterval(60).send();

        assertThat(awaitEvent(SessionTakenOver.class, event -> event.clientId().equals(clientId))).isNotNull();
        assertThat(awaitEvent(SessionResumed.class, event -> event.clientId().equals(clientId))).isNotNull();
        ClientDisconnected old = awaitEvent(ClientDisconnected.class, event -> event.client().clientId().equals(clientId));
        assertThat(old.reasonCode()).isEqualTo(ReasonCode.SESSION_TAKEN_OVER);
        awaitEvent(ClientConnected.class, event -> event.client().clientId().equals(clientId) && event.sessionPresent());
        second.disconnectWith().sessionExpiryInterval(0).send(); // leave no session behind
    }

    @Test
    void subscribeAndUnsubscribeAreReportedPerFilter() {
        Mqtt5BlockingClient client = clients.connected5("subscriber");
        String clientId = client.getConfig().getClientIdentifier().orElseThrow().toString();
        String filter = Clients.unique("events") + "/+/temperature";

        client.subscribeWith().topicFilter(filter).qos(MqttQos.EXACTLY_ONCE).send();
        client.unsubscribeWith().topicFilter(filter).send();
        client.unsubscribeWith().topicFilter(filter).send(); // nothing to remove: no event

        ClientSubscribed subscribed = awaitEvent(ClientSubscribed.class, event -> event.client().clientId().equals(clientId));
        assertThat(subscribed.topicFilter()).isEqualTo(filter);
        assertThat(subscribed.qos()).isEqualTo(Qos.EXACTLY_ONCE);
        assertThat(awaitEvent(ClientUnsubscribed.class, event -> event.client().clientId().equals(clientId)).topicFilter())
                .isEqualTo(filter);
        assertThat(events(ClientUnsubscribed.class, event -> event.client().clientId().equals(clientId))).hasSize(1);
    }

    @Test
    void deliveriesAndAcknowledgementsAreReportedAndAThrowingListenerDisturbsNothing() throws Exception {
        String topic = Clients.unique("delivered");
        Mqtt5Subscriber subscriber = clients.subscriber5(topic, MqttQos.AT_LEAST_ONCE);
        String clientId = subscriber.client().getConfig().getClientIdentifier().orElseThrow().toString();
        Mqtt5BlockingClient publisher = clients.connected5("publisher");

        TestClients.publish(publisher, topic, MqttQos.AT_LEAST_ONCE, "one");
        TestClients.publish(publisher, topic, MqttQos.AT_LEAST_ONCE, "two");

        assertThat(TestClients.text(subscriber.receive())).isEqualTo("one");
        assertThat(TestClients.text(subscriber.receive())).isEqualTo("two");
        await().atMost(TestClients.PATIENCE).until(() -> events(MessageAcknowledged.class,
                event -> event.clientId().equals(clientId)).size() == 2);
        List<MessageDelivered> delivered = events(MessageDelivered.class, event -> event.clientId().equals(clientId));
        assertThat(delivered).hasSize(2).allSatisfy(event -> {
            assertThat(event.topic()).isEqualTo(topic);
            assertThat(event.qos()).isEqualTo(Qos.AT_LEAST_ONCE);
            assertThat(event.packetId()).isPositive();
            assertThat(event.duplicate()).isFalse();
        });
        assertThat(events(MessageAcknowledged.class, event -> event.clientId().equals(clientId)))
                .extracting(MessageAcknowledged::packetId)
                .containsExactlyElementsOf(delivered.stream().map(MessageDelivered::packetId).toList());
    }

    @Test
    void messagesDroppedForAFullQueueAndForExpiryAreReported() {
        String clientId = Clients.unique("away");
        String topic = Clients.unique("queued");
        Mqtt5BlockingClient away = clients.hivemq5(clientId);
        away.connectWith().sessionExpiryInterval(60).send();
        away.subscribeWith().topicFilter(topic).qos(MqttQos.AT_LEAST_ONCE).send();
        away.disconnect();
        Mqtt5BlockingClient publisher = clients.connected5("publisher");

        publisher.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).messageExpiryInterval(1)
                .payload(TestClients.utf8("short-lived")).send();
        long publishedAt = System.currentTimeMillis();
        TestClients.publish(publisher, topic, MqttQos.AT_LEAST_ONCE, "second");
        TestClients.publish(publisher, topic, MqttQos.AT_LEAST_ONCE, "third"); // queue of 2: the oldest goes

        MessageDropped full = awaitEvent(MessageDropped.class, event -> event.clientId().equals(clientId));
        assertThat(full.reason()).isEqualTo(DropReason.QUEUE_FULL);
        assertThat(full.topic()).isEqualTo(topic);

        publisher.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).messageExpiryInterval(1)
                .payload(TestClients.utf8("expires while queued")).send();
        await().atMost(Duration.ofSeconds(10)).until(() -> System.currentTimeMillis() > publishedAt + 2_000);
        away.connectWith().cleanStart(false).sessionExpiryInterval(0).send();

        awaitEvent(MessageDropped.class, event -> event.clientId().equals(clientId) && event.reason() == DropReason.EXPIRED);
    }

    @Test
    void sessionExpiryIsReported() {
        String clientId = Clients.unique("expiring");
        Mqtt5BlockingClient client = clients.hivemq5(clientId);
        client.connectWith().sessionExpiryInterval(1).send();
        client.disconnect();

        assertThat(awaitEvent(SessionExpired.class, event -> event.clientId().equals(clientId))).isNotNull();
    }

    @Test
    void refusedPublishIsReported() {
        Mqtt5BlockingClient client = clients.connected5("forger");
        String clientId = client.getConfig().getClientIdentifier().orElseThrow().toString();

        catchThrowable(() -> TestClients.publish(client, "$SYS/forged", MqttQos.AT_LEAST_ONCE, "x"));

        PublishRefused refused = awaitEvent(PublishRefused.class, event -> event.publisher().clientId().equals(clientId));
        assertThat(refused.topic()).isEqualTo("$SYS/forged");
        assertThat(refused.reasonCode()).isEqualTo(ReasonCode.NOT_AUTHORIZED);
    }

    private <T extends BrokerEvent> T awaitEvent(Class<T> type, Predicate<T> which) {
        return await().atMost(TestClients.PATIENCE).until(() -> events(type, which), found -> !found.isEmpty()).get(0);
    }

    private <T extends BrokerEvent> List<T> events(Class<T> type, Predicate<T> which) {
        return recorder.events.stream().filter(type::isInstance).map(type::cast).filter(which).toList();
    }
}
