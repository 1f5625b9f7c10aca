package io.petrel.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.petrel.message.Message;
import io.petrel.message.Qos;
import io.petrel.routing.Delivery;
import io.petrel.routing.Subscription;
import io.petrel.routing.SubscriptionTree;
import io.petrel.routing.TopicFilter;
import io.petrel.session.RecordingConnection.Publish;
import io.petrel.session.SessionRegistry.OpenRequest;
import io.petrel.session.SessionRegistry.Opened;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SessionRegistryTests {

    private static final int INFLIGHT = 65535;

    private final EventLoop loop1 = new EventLoop("loop-1");
    private final EventLoop loop2 = new EventLoop("loop-2");
    private final EventLoop loop3 = new EventLoop("loop-3");
    private final SubscriptionTree tree = new SubscriptionTree();
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
    private final RecordingListener listener = new RecordingListener();
    private final SessionRegistry registry = new SessionRegistry(tree,
            new SessionSettings(INFLIGHT, 100_000, DropPolicy.DROP_NEWEST), listener, timers);
    private final List<RecordingConnection> connections = new ArrayList<>();
    private final AtomicInteger openedOffLoop = new AtomicInteger();

    @AfterEach
    void shutdownAndCheckConfinement() throws InterruptedException {
        for (EventLoop loop : List.of(loop1, loop2, loop3)) {
            loop.shutdown();
        }
        timers.shutdownNow();
        assertThat(openedOffLoop).as("onOpened calls off the connection's loop").hasValue(0);
        for (RecordingConnection connection : connections) {
            assertThat(connection.calledOffLoop()).as("calls to %s off its loop", connection).isZero();
        }
    }

    @Test
    void openingAnUnknownClientIdCreatesASessionWithoutSessionPresent() throws Exception {
        RecordingConnection connection = connection("a", loop1);
        Opened opened = open(connection, "client", true, false).get(30, TimeUnit.SECONDS);

        assertThat(opened.present()).isFalse();
        assertThat(opened.session().clientId()).isEqualTo("client");
        assertThat(registry.find("client")).containsSame(opened.session());
        assertThat(registry.size()).isEqualTo(1);
        assertThat(registry.isConnected("client")).isTrue();
        assertThat(registry.connectedCount()).isEqualTo(1);
    }

    @Test
    void deliveryToAnUnknownClientIdIsRefused() {
        assertThat(registry.deliver("nobody", delivery("x"))).isFalse();
        assertThat(registry.isConnected("nobody")).isFalse();
        assertThat(registry.find("nobody")).isEmpty();
    }

    @Test
    void resumingAPersistentSessionReportsSessionPresentAndClosesTheOldConnection() throws Exception {
        RecordingConnection first = connection("first", loop1);
        Opened opened = open(first, "client", false, true).get(30, TimeUnit.SECONDS);
        Session session = opened.session();
        loop1.run(() -> session.subscribe(subscription("client", "a/b")));
        registry.deliver("client", delivery("unacknowledged"));
        await().until(() -> first.payloads().contains("unacknowledged"));

        RecordingConnection second = connection("second", loop2);
        Opened resumed = open(second, "client", false, true).get(30, TimeUnit.SECONDS);

        assertThat(resumed.present()).isTrue();
        assertThat(resumed.session()).isSameAs(session);
        assertThat(first.closedForTakeover()).isEqualTo(1);
        assertThat(second.isClosed()).isFalse();
        assertThat(tree.size()).isEqualTo(1);
        assertThat(loop2.call(session::subscriptionCount)).isEqualTo(1);
        assertThat(second.publishes()).containsExactly(new Publish("unacknowledged", Qos.AT_LEAST_ONCE, 1, true, false));

        assertThat(registry.deliver("client", delivery("after"))).isTrue();
        await().until(() -> second.payloads().contains("after"));
        loop1.sync();
        assertThat(first.payloads()).containsExactly("unacknowledged");
        assertThat(registry.size()).isEqualTo(1);
    }

    @Test
    void cleanStartEndsTheOldSession() throws Exception {
        RecordingConnection first = connection("first", loop1);
        Session old = open(first, "client", false, true).get(30, TimeUnit.SECONDS).session();
        loop1.run(() -> {
            old.subscribe(subscription("client", "a/b"));
            old.subscribe(subscription("client", "$share/g/c/#"));
        });
        assertThat(tree.size()).isEqualTo(2);

        RecordingConnection second = connection("second", loop2);
        Opened opened = open(second, "client", true, false).get(30, TimeUnit.SECONDS);

        assertThat(opened.present()).isFalse();
        assertThat(opened.session()).isNotSameAs(old);
        assertThat(first.closedForTakeover()).isEqualTo(1);
        assertThat(loop1.call(old::isEnded)).isTrue();
        assertThat(tree.size()).isZero();
        assertThat(registry.find("client")).containsSame(opened.session());
        assertThat(registry.size()).isEqualTo(1);
        assertThat(loop2.call(() -> opened.session().subscriptionCount())).isZero();
    }

    @Test
    void nonPersistentSessionIsNotResumed() throws Exception {
        RecordingConnection first = connection("first", loop1);
        Session old = open(first, "client", true, false).get(30, TimeUnit.SECONDS).session();
        loop1.run(() -> old.subscribe(subscription("client", "a/b")));

        RecordingConnection second = connection("second", loop2);
        Opened opened = open(second, "client", false, true).get(30, TimeUnit.SECONDS);

        assertThat(opened.present()).isFalse();
        assertThat(opened.session()).isNotSameAs(old);
        assertThat(first.closedForTakeover()).isEqualTo(1);
        assertThat(tree.size()).isZero();
    }

    @Test
    void nonPersistentSessionIsRemovedOnDisconnect() throws Exception {
        RecordingConnection connection = connection("a", loop1);
        Session session = open(connection, "client", true, false).get(30, TimeUnit.SECONDS).session();
        loop1.run(() -> session.subscribe(subscription("client", "a/+")));

        loop1.run(() -> registry.disconnect(session, connection));

        assertThat(registry.find("client")).isEmpty();
        assertThat(registry.size()).isZero();
        assertThat(tree.size()).isZero();
        assertThat(registry.deliver("client", delivery("x"))).isFalse();
    }

    @Test
    void persistentSessionOutlivesItsConnectionAndQueuesForTheNextOne() throws Exception {
        RecordingConnection first = connection("first", loop1);
        Session session = open(first, "client", false, true).get(30, TimeUnit.SECONDS).session();
        loop1.run(() -> session.subscribe(subscription("client", "a/+")));

        loop1.run(() -> registry.disconnect(session, first));
        assertThat(registry.find("client")).containsSame(session);
        assertThat(registry.isConnected("client")).isFalse();
        assertThat(registry.connectedCount()).isZero();
        assertThat(tree.size()).isEqualTo(1);

        assertThat(registry.deliver("client", delivery("while-offline"))).isTrue();
        loop1.sync();
        assertThat(loop1.call(session::queuedMessages)).isEqualTo(1);

        RecordingConnection second = connection("second", loop2);
        Opened opened = open(second, "client", false, true).get(30, TimeUnit.SECONDS);
        assertThat(opened.present()).isTrue();
        assertThat(second.payloads()).containsExactly("while-offline");
        assertThat(first.isClosed()).isFalse();
        assertThat(first.payloads()).isEmpty();
    }

    @Test
    void twoConnectionsRacingForANewClientIdLeaveExactlyOneAttached() throws Exception {
        for (int round = 0; round < 150; round++) {
            race("new-" + round, false, round % 2 == 0);
        }
    }

    @Test
    void twoConnectionsRacingForAnExistingPersistentSessionLeaveExactlyOneAttached() throws Exception {
        for (int round = 0; round < 150; round++) {
            race("existing-" + round, true, round % 3 != 0);
        }
    }

    /**
     * Two connections on different loops open the same client id at once, optionally while a third one on
     * another loop holds the session. Whichever comes second must win; the other must be told to close.
     */
    private void race(String clientId, boolean existing, boolean persistent) throws Exception {
        RecordingConnection holder = null;
        if (existing) {
            holder = connection(clientId + "-holder", loop3);
            open(holder, clientId, false, true).get(30, TimeUnit.SECONDS);
        }
        RecordingConnection a = connection(clientId + "-a", loop1);
        RecordingConnection b = connection(clientId + "-b", loop2);
        CountDownLatch go = new CountDownLatch(1);
        CompletableFuture<Opened> openedA = openWhen(go, a, clientId, !persistent, persistent);
        CompletableFuture<Opened> openedB = openWhen(go, b, clientId, !persistent, persistent);
        go.countDown();

        await().until(() -> a.isClosed() != b.isClosed() && (a.isClosed() ? openedB : openedA).isDone());
        syncAllLoops();

        RecordingConnection winner = a.isClosed() ? b : a;
        RecordingConnection loser = a.isClosed() ? a : b;
        assertThat(loser.closedForTakeover()).as("%s closed for takeover", loser).isEqualTo(1);
        assertThat(winner.isClosed()).as("%s closed for takeover", winner).isFalse();
        if (holder != null) {
            assertThat(holder.closedForTakeover()).as("%s closed for takeover", holder).isEqualTo(1);
        }
        assertThat(registry.isConnected(clientId)).isTrue();

        assertThat(registry.deliver(clientId, delivery("after-" + clientId))).isTrue();
        await().until(() -> winner.payloads().contains("after-" + clientId));
        syncAllLoops();
        assertThat(loser.payloads()).doesNotContain("after-" + clientId);
        if (holder != null) {
            assertThat(holder.payloads()).doesNotContain("after-" + clientId);
        }
    }

    /**
     * ConnectFlow completes a future in {@code onOpened} and attaches in a later task on the same loop
     * (MqttConnection.continueWith). A takeover queued on that loop in between must still close the
     * connection it overtakes, or both clients stay connected with one client id.
     */
    @Test
    void connectionThatAttachesInALaterTaskIsClosedWhenANewerOneTakesOverFirst() throws Exception {
        RecordingConnection holder = connection("holder", loop3);
        open(holder, "client", false, true).get(30, TimeUnit.SECONDS);
        RecordingConnection b = connection("b", loop1);
        RecordingConnection c = connection("c", loop2);
        CompletableFuture<Opened> openedB = new CompletableFuture<>();
        CompletableFuture<Opened> openedC = new CompletableFuture<>();

        CountDownLatch requested = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        loop1.execute(() -> {
            registry.open(new OpenRequest("client", false, Session.NEVER_EXPIRES, b), attachLater(b, openedB));
            requested.countDown();
            awaitQuietly(release); // hold loop-1 so that onOpened(b) and c's takeover queue up there in turn
        });
        assertThat(requested.await(30, TimeUnit.SECONDS)).isTrue();
        loop3.sync(); // b's takeover: the holder is closed, the session moves to loop-1, onOpened(b) is queued
        loop2.run(() -> registry.open(new OpenRequest("client", false, Session.NEVER_EXPIRES, c), attachLater(c, openedC)));
        release.countDown();
        openedC.get(30, TimeUnit.SECONDS);
        syncAllLoops();

        assertThat(holder.closedForTakeover()).isEqualTo(1);
        assertThat(List.of(b, c)).as("connections left open").filteredOn((connection) -> !connection.isClosed())
                .containsExactly(c);
    }

    @Test
    void takeoverToAnotherLoopKeepsTheOrderOfDeliveriesRacingWithIt() throws Exception {
        for (int round = 0; round < 5; round++) {
            deliverWhileTakingOver("ordered-" + round, 20_000);
        }
        assertThat(listener.drops()).isEmpty();
    }

    /**
     * One thread delivers 1..count and, between two deliveries, starts three takeovers that move the session
     * between two loops, so that deliveries race with each takeover. Nothing is acknowledged, so a new
     * connection receives every earlier message again (DUP) before the new ones.
     */
    private void deliverWhileTakingOver(String clientId, int count) throws Exception {
        RecordingConnection first = connection(clientId + "-1", loop1);
        open(first, clientId, false, true).get(30, TimeUnit.SECONDS);
        int takeovers = 3;
        List<RecordingConnection> chain = new ArrayList<>(List.of(first));
        for (int i = 0; i < takeovers; i++) {
            chain.add(connection(clientId + "-" + (i + 2), i % 2 == 0 ? loop2 : loop1));
        }
        List<CompletableFuture<Opened>> opens = new CopyOnWriteArrayList<>(List.of(CompletableFuture.completedFuture(null)));
        int step = count / (takeovers + 1);
        Thread producer = new Thread(() -> {
            for (int i = 1; i <= count; i++) {
                registry.deliver(clientId, delivery(Integer.toString(i)));
                if (i % step == 0 && i / step <= takeovers) {
                    opens.add(open(chain.get(i / step), clientId, false, true));
                }
            }
        }, "producer");
        producer.start();
        producer.join(60_000);
        assertThat(producer.isAlive()).isFalse();
        // Takeovers that overlap may complete in either order: the one processed last keeps the session.
        await().until(() -> chain.stream().filter((c) -> !c.isClosed()).count() == 1
                && opens.get(chain.indexOf(chain.stream().filter((c) -> !c.isClosed()).findFirst().get())).isDone());
        RecordingConnection end = chain.stream().filter((c) -> !c.isClosed()).findFirst().get();
        assertThat(end).as("the first connection was taken over").isNotSameAs(first);
        assertThat(opens.get(chain.indexOf(end)).get().present()).isTrue();
        await().until(() -> end.publishes().size() >= count);
        syncAllLoops();

        List<String> expected = IntStream.rangeClosed(1, count).mapToObj(Integer::toString).toList();
        assertThat(end.payloads()).as("what %s received", end).isEqualTo(expected);
        List<Boolean> duplicates = end.publishes().stream().map(Publish::duplicate).toList();
        int resent = duplicates.indexOf(false) < 0 ? duplicates.size() : duplicates.indexOf(false);
        assertThat(duplicates.subList(resent, duplicates.size())).as("DUP after the first new message").doesNotContain(true);
        for (RecordingConnection earlier : chain) {
            if (earlier != end) {
                List<String> payloads = earlier.payloads();
                assertThat(payloads).as("what %s received", earlier).isEqualTo(expected.subList(0, payloads.size()));
                assertThat(earlier.closedForTakeover()).as("%s closed for takeover", earlier).isEqualTo(1);
            }
        }
    }

    /** Opens a session for {@code connection} on its loop; the callback attaches it there, as the protocol does. */
    private CompletableFuture<Opened> open(RecordingConnection connection, String clientId, boolean cleanStart,
            boolean persistent) {
        return openWhen(new CountDownLatch(0), connection, clientId, cleanStart, persistent);
    }

    private CompletableFuture<Opened> openWhen(CountDownLatch go, RecordingConnection connection, String clientId,
            boolean cleanStart, boolean persistent) {
        CompletableFuture<Opened> result = new CompletableFuture<>();
        connection.executor().execute(() -> {
            try {
                go.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                return;
            }
            registry.open(new OpenRequest(clientId, cleanStart, persistent ? Session.NEVER_EXPIRES : 0, connection), (opened) -> {
                if (!connection.loop().inEventLoop()) {
                    openedOffLoop.incrementAndGet();
                }
                opened.session().attach(connection, INFLIGHT);
                result.complete(opened);
            });
        });
        return result;
    }

    /** Like ConnectFlow: {@code onOpened} only schedules the attach, which runs in a later task on the loop. */
    private static Consumer<Opened> attachLater(RecordingConnection connection,
            CompletableFuture<Opened> attached) {
        return (opened) -> connection.executor().execute(() -> {
            opened.session().attach(connection, INFLIGHT);
            attached.complete(opened);
        });
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    /** Lets tasks that hop between loops (takeover, mailbox drains) run to the end. */
    private void syncAllLoops() throws Exception {
        for (int i = 0; i < 4; i++) {
            for (EventLoop loop : List.of(loop1, loop2, loop3)) {
                loop.sync();
            }
        }
    }

    private RecordingConnection connection(String name, EventLoop loop) {
        RecordingConnection connection = new RecordingConnection(name, loop);
        connections.add(connection);
        return connection;
    }

    private static ConditionFactory await() {
        return Awaitility.await().atMost(Duration.ofSeconds(30)).pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(2));
    }

    private static Subscription subscription(String clientId, String filter) {
        return new Subscription(clientId, TopicFilter.parse(filter).orElseThrow(), Qos.AT_LEAST_ONCE);
    }

    private static Delivery delivery(String payload) {
        Message message = new Message("a/b", payload.getBytes(StandardCharsets.UTF_8), Qos.AT_LEAST_ONCE, false);
        return new Delivery(message, Qos.AT_LEAST_ONCE, false);
    }
}
