package io.petrel.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.petrel.message.Qos;
import io.petrel.routing.Subscription;
import io.petrel.routing.SubscriptionTree;
import io.petrel.routing.TopicFilter;
import io.petrel.session.SessionRegistry.OpenRequest;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What operators do to sessions from other threads: look at them on their owner, and close or end them. */
class SessionAdministrationTests {

    private final EventLoop loop = new EventLoop("loop");
    private final SubscriptionTree tree = new SubscriptionTree();
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
    private final SessionRegistry registry = new SessionRegistry(tree,
            new SessionSettings(32, 1000, DropPolicy.DROP_OLDEST), new RecordingListener(), timers);
    private final RecordingConnection connection = new RecordingConnection("connection", loop);

    @AfterEach
    void shutdown() throws InterruptedException {
        loop.shutdown();
        timers.shutdownNow();
        assertThat(connection.calledOffLoop()).as("calls to the connection off its loop").isZero();
    }

    @Test
    void callOnOwnerRunsOnTheOwnerAndAnswersEmptyOnceTheSessionEnded() throws Exception {
        Session session = connectedPersistentSession("looked-at");

        Optional<Boolean> onLoop = session.callOnOwner(owned -> loop.inEventLoop()).get(30, TimeUnit.SECONDS);
        loop.run(session::end);

        assertThat(onLoop).contains(true);
        assertThat(session.callOnOwner(owned -> "ran").get(30, TimeUnit.SECONDS)).isEmpty();
    }

    @Test
    void connectionDetailsAreReadableFromAnyThreadOnceAttached() throws Exception {
        Session session = connectedPersistentSession("detailed");

        assertThat(session.lastConnection()).isEqualTo(connection.details());
    }

    @Test
    void closingAConnectedSessionKeepsAPersistentSession() throws Exception {
        Session session = connectedPersistentSession("kept");

        Optional<Boolean> closed = registry.closeForAdministrator(session, false).get(30, TimeUnit.SECONDS);
        loop.run(() -> registry.disconnect(session, connection)); // the connection closes, as asked

        assertThat(closed).contains(true);
        assertThat(connection.closedForAdministrator()).isOne();
        assertThat(registry.find("kept")).containsSame(session);
    }

    @Test
    void endingAConnectedSessionEndsItWhenItsConnectionCloses() throws Exception {
        Session session = connectedPersistentSession("ended-online");
        loop.run(() -> session.subscribe(subscription("ended-online")));

        Optional<Boolean> closed = registry.closeForAdministrator(session, true).get(30, TimeUnit.SECONDS);
        assertThat(registry.find("ended-online")).as("until its connection closes").isPresent();
        loop.run(() -> registry.disconnect(session, connection));

        assertThat(closed).contains(true);
        assertThat(registry.find("ended-online")).isEmpty();
        assertThat(tree.size()).isZero();
    }

    @Test
    void endingAnOfflineSessionEndsItAtOnce() throws Exception {
        Session session = connectedPersistentSession("ended-offline");
        loop.run(() -> session.subscribe(subscription("ended-offline")));
        loop.run(() -> registry.disconnect(session, connection));

        Optional<Boolean> closed = registry.closeForAdministrator(session, true).get(30, TimeUnit.SECONDS);

        assertThat(closed).contains(false);
        assertThat(connection.closedForAdministrator()).isZero();
        assertThat(registry.find("ended-offline")).isEmpty();
        assertThat(tree.size()).isZero();
        assertThat(registry.closeForAdministrator(session, true).get(30, TimeUnit.SECONDS)).isEmpty();
    }

    private Session connectedPersistentSession(String clientId) throws Exception {
        CompletableFuture<Session> opened = new CompletableFuture<>();
        loop.execute(() -> registry.open(new OpenRequest(clientId, false, Session.NEVER_EXPIRES, connection), result -> {
            result.session().attach(connection, 32);
            opened.complete(result.session());
        }));
        return opened.get(30, TimeUnit.SECONDS);
    }

    private static Subscription subscription(String clientId) {
        return new Subscription(clientId, TopicFilter.parse("a/#").orElseThrow(), Qos.AT_LEAST_ONCE);
    }
}
