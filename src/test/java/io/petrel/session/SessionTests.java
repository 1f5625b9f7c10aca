package io.petrel.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.petrel.intercept.PublishInterceptors;
import io.petrel.message.Message;
import io.petrel.message.Qos;
import io.petrel.routing.Delivery;
import io.petrel.routing.Subscription;
import io.petrel.routing.SubscriptionTree;
import io.petrel.routing.TopicFilter;
import io.petrel.session.RecordingConnection.Flush;
import io.petrel.session.RecordingConnection.Publish;
import io.petrel.session.RecordingConnection.Pubrel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SessionTests {

    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();

    private final EventLoop loop = new EventLoop("session-loop");
    private final SubscriptionTree tree = new SubscriptionTree();
    private final RecordingListener listener = new RecordingListener();
    private final List<RecordingConnection> connections = new ArrayList<>();

    @AfterEach
    void shutdownAndCheckConfinement() throws InterruptedException {
        loop.shutdown();
        timers.shutdownNow();
        for (RecordingConnection connection : connections) {
            assertThat(connection.calledOffLoop()).as("calls to %s off its loop", connection).isZero();
        }
    }

    @Test
    void deliveriesWhileOfflineAreQueuedAndSentInOrderOnAttach() throws Exception {
        Session session = session(true, 10, 100, DropPolicy.DROP_OLDEST);
        session.deliver(delivery("1", Qos.AT_LEAST_ONCE));
        session.deliver(delivery("2", Qos.EXACTLY_ONCE));
        session.deliver(delivery("3", Qos.AT_LEAST_ONCE));
        assertThat(loop.call(session::queuedMessages)).isEqualTo(3);

        RecordingConnection connection = connection("c1");
        loop.run(() -> handOverAndAttach(session, connection, 10));

        assertThat(connection.events()).containsExactly(
                new Publish("1", Qos.AT_LEAST_ONCE, 1, false, false),
                new Publish("2", Qos.EXACTLY_ONCE, 2, false, false),
                new Publish("3", Qos.AT_LEAST_ONCE, 3, false, false),
                new Flush());
        assertThat(loop.call(session::queuedMessages)).isZero();
        assertThat(loop.call(session::inflightMessages)).isEqualTo(3);
        assertThat(session.isConnected()).isTrue();
    }

    @Test
    void qos0DeliveryWhileOfflineIsDroppedAndReported() throws Exception {
        Session session = session(true, 10, 100, DropPolicy.DROP_OLDEST);
        session.deliver(delivery("zero", Qos.AT_MOST_ONCE));
        session.deliver(delivery("one", Qos.AT_LEAST_ONCE));
        loop.sync();

        assertThat(listener.drops()).containsExactly(new RecordingListener.Drop("zero", DropReason.OFFLINE_QOS0));
        RecordingConnection connection = connection("c1");
        loop.run(() -> handOverAndAttach(session, connection, 10));
        assertThat(connection.payloads()).containsExactly("one");
    }

    @Test
    void connectedSessionSendsAtOnceAndFlushes() throws Exception {
        Session session = session(true, 10, 100, DropPolicy.DROP_OLDEST);
        RecordingConnection connection = attached(session, 10);
        session.deliver(delivery("a", Qos.AT_MOST_ONCE));
        session.deliver(delivery("b", Qos.AT_LEAST_ONCE));
        loop.sync();

        assertThat(connection.publishes()).containsExactly(
                new Publish("a", Qos.AT_MOST_ONCE, 0, false, false),
                new Publish("b", Qos.AT_LEAST_ONCE, 1, false, false));
        assertThat(connection.events()).last().isEqualTo(new Flush());
        assertThat(loop.call(session::inflightMessages)).isEqualTo(1);
    }

    @Test
    void retainFlagOfTheDeliveryIsPassedOn() throws Exception {
        Session session = session(true, 10, 100, DropPolicy.DROP_OLDEST);
        RecordingConnection connection = attached(session, 10);
        Message message = Message.of("a/b", "r", Qos.AT_LEAST_ONCE, true);
        session.deliver(new Delivery(message, Qos.AT_LEAST_ONCE, true));
        session.deliver(new Delivery(message, Qos.AT_LEAST_ONCE, false));
        loop.sync();
        assertThat(connection.publishes()).extracting(Publish::retain).containsExactly(true, false);
    }

    @Test
    void fullInflightWindowQueuesAndPubackDrainsTheQueue() throws Exception {
        Session session = session(true, 10, 100, DropPolicy.DROP_OLDEST);
        RecordingConnection connection = attached(session, 2);
        for (int i = 1; i <= 4; i++) {
            session.deliver(delivery(Integer.toString(i), Qos.AT_LEAST_ONCE));
        }
        loop.sync();
        assertThat(connection.payloads()).containsExactly("1", "2");
        assertThat(loop.call(session::queuedMessages)).isEqualTo(2);
        assertThat(loop.call(session::inflightMessages)).isEqualTo(2);

        connection.clear();
        assertThat(loop.call(() -> session.onPuback(1))).isTrue();
        assertThat(connection.events()).containsExactly(new Publish("3", Qos.AT_LEAST_ONCE, 3, false, false), new Flush());

        connection.clear();
        assertThat(loop.call(() -> session.onPuback(99))).isFalse();
        assertThat(loop.call(() -> session.onPuback(1))).isFalse();
        assertThat(connection.events()).isEmpty();

        assertThat(loop.call(() -> session.onPuback(2))).isTrue();
        assertThat(connection.payloads()).containsExactly("4");
        assertThat(loop.call(session::queuedMessages)).isZero();
    }

    @Test
    void deliveriesKeepTheirOrderBehindAFullInflightWindow() throws Exception {
        Session session = session(true, 10, 100, DropPolicy.DROP_OLDEST);
        RecordingConnection connection = attached(session, 1);
        session.deliver(delivery("1", Qos.AT_LEAST_ONCE));
        session.deliver(delivery("2", Qos.AT_LEAST_ONCE));
        session.deliver(delivery("3", Qos.AT_MOST_ONCE)); // must not overtake "2"
        loop.sync();
        assertThat(connection.payloads()).containsExactly("1");

        loop.call(() -> session.onPuback(1));
        assertThat(connection.payloads()).containsExactly("1", "2", "3");
    }

    @Test
    void qos2MessageLeavesTheWindowOnPubcompAfterPubrec() throws Exception {
        Session session = session(true, 10, 100, DropPolicy.DROP_OLDEST);
        RecordingConnection connection = attached(session, 1);
        session.deliver(delivery("1", Qos.EXACTLY_ONCE));
        session.deliver(delivery("2", Qos.EXACTLY_ONCE));
        loop.sync();

        assertThat(loop.call(() -> session.onPuback(1))).isFalse();
        assertThat(loop.call(() -> session.onPubcomp(1))).isFalse();
        assertThat(loop.call(() -> session.onPubrec(1))).isTrue();
        assertThat(loop.call(() -> session.onPubrec(2))).as("2 is queued, not in flight").isFalse();
        assertThat(connection.payloads()).containsExactly("1");

        assertThat(loop.call(() -> session.onPubcomp(1))).isTrue();
        assertThat(connection.publishes()).last().isEqualTo(new Publish("2", Qos.EXACTLY_ONCE, 2, false, false));
        assertThat(loop.call(session::inflightMessages)).isEqualTo(1);
    }

    @Test
    void attachResendsUnacknowledgedMessagesAsDuplicatesAndPubrelForReleasedOnes() throws Exception {
        Session session = session(true, 10, 100, DropPolicy.DROP_OLDEST);
        RecordingConnection first = attached(session, 10);
        session.deliver(delivery("1", Qos.AT_LEAST_ONCE));
        session.deliver(delivery("2", Qos.EXACTLY_ONCE));
        session.deliver(delivery("3", Qos.EXACTLY_ONCE));
        session.deliver(delivery("4", Qos.AT_LEAST_ONCE));
        loop.sync();
        loop.run(() -> {
            session.onPuback(4);
            session.onPubrec(2);
        });
        assertThat(loop.call(() -> session.detach(first))).isTrue();
        assertThat(session.isConnected()).isFalse();
        session.deliver(delivery("5", Qos.AT_LEAST_ONCE));
        loop.sync();

        RecordingConnection second = connection("c2");
        loop.run(() -> handOverAndAttach(session, second, 10));

        // [MQTT-4.4.0-1] resend in the original order, PUBLISH with DUP, PUBREL for those already released
        assertThat(second.events()).containsExactly(
                new Publish("1", Qos.AT_LEAST_ONCE, 1, true, false),
                new Pubrel(2),
                new Publish("3", Qos.EXACTLY_ONCE, 3, true, false),
                new Publish("5", Qos.AT_LEAST_ONCE, 5, false, false),
                new Flush());
        assertThat(loop.call(() -> session.onPubcomp(2))).isTrue();
        assertThat(loop.call(() -> session.onPuback(1))).isTrue();
        assertThat(loop.call(session::inflightMessages)).isEqualTo(2);
    }

    @Test
    void notWritableConnectionQueuesAndWritabilitySendsWhatWaited() throws Exception {
        Session session = session(true, 10, 100, DropPolicy.DROP_OLDEST);
        RecordingConnection connection = attached(session, 10);
        connection.setWritable(false);
        session.deliver(delivery("1", Qos.AT_LEAST_ONCE));
        session.deliver(delivery("2", Qos.AT_MOST_ONCE));
        session.deliver(delivery("3", Qos.EXACTLY_ONCE));
        loop.sync();
        assertThat(connection.publishes()).isEmpty();
        assertThat(loop.call(session::queuedMessages)).isEqualTo(3);

        connection.setWritable(true);
        loop.run(session::onWritable);
        assertThat(connection.events()).containsExactly(
                new Publish("1", Qos.AT_LEAST_ONCE, 1, false, false),
                new Publish("2", Qos.AT_MOST_ONCE, 0, false, false),
                new Publish("3", Qos.EXACTLY_ONCE, 2, false, false),
                new Flush());
    }

    @Test
    void writabilityWithNothingQueuedWritesNothing() throws Exception {
        Session session = session(true, 10, 100, DropPolicy.DROP_OLDEST);
        RecordingConnection connection = attached(session, 10);
        loop.run(session::onWritable);
        assertThat(connection.events()).isEmpty();
    }

    @Test
    void inboundQos2PacketIdentifierIsRoutedOnceUntilReleased() throws Exception {
        Session session = session(true, 10, 100, DropPolicy.DROP_OLDEST);
        assertThat(loop.call(() -> session.receiveQos2(7))).isTrue();
        assertThat(loop.call(() -> session.receiveQos2(7))).isFalse(); // [MQTT-4.3.3-2]
        assertThat(loop.call(() -> session.receiveQos2(8))).isTrue();
        loop.run(() -> session.releaseQos2(7));
        assertThat(loop.call(() -> session.receiveQos2(7))).isTrue();
        assertThat(loop.call(() -> session.receiveQos2(8))).isFalse();
    }

    @Test
    void fullQueueWithDropNewestReportsTheRefusedDelivery() throws Exception {
        Session session = session(true, 10, 2, DropPolicy.DROP_NEWEST);
        session.deliver(delivery("1", Qos.AT_LEAST_ONCE));
        session.deliver(delivery("2", Qos.AT_LEAST_ONCE));
        session.deliver(delivery("3", Qos.AT_LEAST_ONCE));
        loop.sync();

        assertThat(listener.drops()).containsExactly(new RecordingListener.Drop("3", DropReason.QUEUE_FULL));
        assertThat(loop.call(session::droppedMessages)).isEqualTo(1);
        RecordingConnection connection = connection("c1");
        loop.run(() -> handOverAndAttach(session, connection, 10));
        assertThat(connection.payloads()).containsExactly("1", "2");
    }

    @Test
    void fullQueueWithDropOldestReportsTheEvictedDelivery() throws Exception {
        Session session = session(true, 10, 2, DropPolicy.DROP_OLDEST);
        session.deliver(delivery("1", Qos.AT_LEAST_ONCE));
        session.deliver(delivery("2", Qos.AT_LEAST_ONCE));
        session.deliver(delivery("3", Qos.AT_LEAST_ONCE));
        loop.sync();

        RecordingConnection connection = connection("c1");
        loop.run(() -> handOverAndAttach(session, connection, 10));
        assertThat(connection.payloads()).containsExactly("2", "3");
        assertThat(loop.call(session::droppedMessages)).isEqualTo(1);
        // the listener must name the delivery that was given up, which is "1", not the queued "3"
        assertThat(listener.drops()).containsExactly(new RecordingListener.Drop("1", DropReason.QUEUE_FULL));
    }

    @Test
    void slowConnectionWithFullQueueDropsAndReports() throws Exception {
        Session session = session(true, 10, 1, DropPolicy.DROP_NEWEST);
        RecordingConnection connection = attached(session, 10);
        connection.setWritable(false);
        session.deliver(delivery("1", Qos.AT_LEAST_ONCE));
        session.deliver(delivery("2", Qos.AT_LEAST_ONCE));
        loop.sync();
        assertThat(listener.drops()).containsExactly(new RecordingListener.Drop("2", DropReason.QUEUE_FULL));
        connection.setWritable(true);
        loop.run(session::onWritable);
        assertThat(connection.payloads()).containsExactly("1");
    }

    @Test
    void subscribeAndUnsubscribeKeepTheSubscriptionTreeInStep() throws Exception {
        Session session = session(true, 10, 100, DropPolicy.DROP_OLDEST);
        TopicFilter filter = TopicFilter.parse("a/+").orElseThrow();
        assertThat(loop.call(() -> session.subscribe(new Subscription("client", filter, Qos.AT_MOST_ONCE)))).isFalse();
        assertThat(loop.call(() -> session.subscribe(new Subscription("client", filter, Qos.EXACTLY_ONCE)))).isTrue();
        assertThat(tree.size()).isEqualTo(1);
        List<Subscription> matched = new ArrayList<>();
        tree.match("a/b", matched::add);
        assertThat(matched).extracting(Subscription::qos).containsExactly(Qos.EXACTLY_ONCE);
        assertThat(loop.call(session::subscriptionCount)).isEqualTo(1);
        assertThat(loop.call(() -> session.hasSubscription(filter))).isTrue();

        assertThat(loop.call(() -> session.unsubscribe(filter))).isTrue();
        assertThat(loop.call(() -> session.unsubscribe(filter))).isFalse();
        assertThat(tree.size()).isZero();
        assertThat(loop.call(session::subscriptions)).isEmpty();
    }

    @Test
    void detachingANonPersistentSessionEndsItAndRemovesItsSubscriptions() throws Exception {
        Session session = session(false, 10, 100, DropPolicy.DROP_OLDEST);
        RecordingConnection connection = attached(session, 10);
        loop.run(() -> {
            session.subscribe(new Subscription("client", TopicFilter.parse("a/b").orElseThrow(), Qos.AT_LEAST_ONCE));
            session.subscribe(new Subscription("client", TopicFilter.parse("$share/g/#").orElseThrow(), Qos.AT_LEAST_ONCE));
        });
        assertThat(tree.size()).isEqualTo(2);

        assertThat(loop.call(() -> session.detach(connection))).isFalse();
        assertThat(loop.call(session::isEnded)).isTrue();
        assertThat(session.isConnected()).isFalse();
        assertThat(tree.size()).isZero();

        session.deliver(delivery("late", Qos.AT_LEAST_ONCE));
        loop.sync();
        assertThat(loop.call(session::queuedMessages)).isZero();
        assertThat(connection.publishes()).isEmpty();
    }

    @Test
    void detachingAPersistentSessionKeepsItsStateAndQueuesDeliveries() throws Exception {
        Session session = session(true, 10, 100, DropPolicy.DROP_OLDEST);
        RecordingConnection connection = attached(session, 10);
        loop.run(() -> session.subscribe(
                new Subscription("client", TopicFilter.parse("a/b").orElseThrow(), Qos.AT_LEAST_ONCE)));
        session.deliver(delivery("1", Qos.AT_LEAST_ONCE));
        loop.sync();

        assertThat(loop.call(() -> session.detach(connection))).isTrue();
        session.deliver(delivery("2", Qos.AT_LEAST_ONCE));
        loop.sync();
        assertThat(loop.call(session::isEnded)).isFalse();
        assertThat(tree.size()).isEqualTo(1);
        assertThat(loop.call(session::inflightMessages)).isEqualTo(1);
        assertThat(loop.call(session::queuedMessages)).isEqualTo(1);
        assertThat(connection.payloads()).containsExactly("1");
    }

    @Test
    void detachOfAConnectionThatWasTakenOverLeavesTheCurrentOneAttached() throws Exception {
        Session session = session(true, 10, 100, DropPolicy.DROP_OLDEST);
        RecordingConnection first = attached(session, 10);
        loop.run(session::dismissConnections);
        assertThat(first.closedForTakeover()).isEqualTo(1);
        assertThat(session.isConnected()).isFalse();
        RecordingConnection second = attached(session, 10);

        assertThat(loop.call(() -> session.detach(first))).isTrue();
        assertThat(session.isConnected()).isTrue();
        session.deliver(delivery("1", Qos.AT_LEAST_ONCE));
        loop.sync();
        assertThat(second.payloads()).containsExactly("1");
        assertThat(first.payloads()).isEmpty();
    }

    @Test
    void deliveriesFromManyThreadsKeepEachThreadsOrder() throws Exception {
        Session session = session(true, 65535, 100_000, DropPolicy.DROP_NEWEST);
        RecordingConnection connection = attached(session, 65535);
        int threads = 4;
        int perThread = 5_000;
        List<Thread> producers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int producer = t;
            producers.add(new Thread(() -> {
                for (int i = 0; i < perThread; i++) {
                    session.deliver(delivery(producer + ":" + i, Qos.AT_LEAST_ONCE));
                }
            }));
        }
        producers.forEach(Thread::start);
        for (Thread producer : producers) {
            producer.join(60_000);
            assertThat(producer.isAlive()).isFalse();
        }
        loop.sync();

        List<String> payloads = connection.payloads();
        assertThat(payloads).hasSize(threads * perThread);
        for (int t = 0; t < threads; t++) {
            String prefix = t + ":";
            List<String> expected = IntStream.range(0, perThread).mapToObj((i) -> prefix + i).toList();
            assertThat(payloads.stream().filter((p) -> p.startsWith(prefix)).toList()).isEqualTo(expected);
        }
        assertThat(listener.drops()).isEmpty();
    }

    private Session session(boolean persistent, int maxInflight, int maxQueued, DropPolicy dropPolicy) {
        return new Session("client", persistent ? Session.NEVER_EXPIRES : 0, connection("claimant"), tree,
                new SessionSettings(maxInflight, maxQueued, dropPolicy), listener, PublishInterceptors.NONE, timers);
    }

    private RecordingConnection connection(String name) {
        RecordingConnection connection = new RecordingConnection(name, loop);
        connections.add(connection);
        return connection;
    }

    /** A connection attached to the session, with the events of attaching cleared. */
    /** What the registry and the protocol do together: hand the session to a connection, which attaches. */
    private static void handOverAndAttach(Session session, RecordingConnection connection, int inflightCapacity) {
        session.handOver(connection);
        assertThat(session.attach(connection, inflightCapacity)).isTrue();
    }

    private RecordingConnection attached(Session session, int inflightCapacity) throws Exception {
        RecordingConnection connection = connection("c" + (connections.size() + 1));
        loop.run(() -> handOverAndAttach(session, connection, inflightCapacity));
        connection.clear();
        return connection;
    }

    private static Delivery delivery(String payload, Qos qos) {
        return new Delivery(new Message("a/b", payload.getBytes(StandardCharsets.UTF_8), qos, false), qos, false);
    }
}
