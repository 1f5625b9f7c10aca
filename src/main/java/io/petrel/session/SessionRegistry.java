package io.petrel.session;

import io.petrel.intercept.PublishInterceptors;
import io.petrel.message.Message;
import io.petrel.routing.Delivery;
import io.petrel.routing.DeliveryTarget;
import io.petrel.routing.SubscriptionTree;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Every session by client id, and the one place where a connection claims a session. Thread-safe: a
 * takeover runs on the current owner of the session, so the old connection is detached before the new one
 * attaches, and when two connections race for one client id the later one wins.
 */
public final class SessionRegistry implements DeliveryTarget {

    /** The outcome of {@link #open}: the session and whether it existed before (CONNACK session present). */
    public record Opened(Session session, boolean present) {}

    /**
     * What a connection asks for when it opens a session.
     *
     * @param clientId the client identifier
     * @param cleanStart discard an existing session first (clean session / clean start)
     * @param expiryIntervalSeconds how long the session outlives the connection: 0 ends it with the connection,
     *     {@link Session#NEVER_EXPIRES} keeps it until a clean start
     * @param connection the connection that will attach
     */
    public record OpenRequest(String clientId, boolean cleanStart, long expiryIntervalSeconds,
            SessionConnection connection) {}

    private final ConcurrentHashMap<String, Session> sessions = new ConcurrentHashMap<>();
    private final SubscriptionTree subscriptionTree;
    private final SessionSettings settings;
    private final SessionListener listener;
    private final ScheduledExecutorService timers;
    private final PublishInterceptors interceptors;
    private final SessionStore store;

    /**
     * @param interceptors the outbound half runs on each delivery as it reaches a session
     * @param timers runs session expiry and will delay countdowns; they only hand work to the sessions'
     *     owners, so one thread serves all sessions
     * @param store where sessions live beyond this node ({@link SessionStore#LOCAL} in memory mode)
     */
    public SessionRegistry(SubscriptionTree subscriptionTree, SessionSettings settings, SessionListener listener,
            PublishInterceptors interceptors, ScheduledExecutorService timers, SessionStore store) {
        this.subscriptionTree = subscriptionTree;
        this.settings = settings;
        this.listener = listener;
        this.interceptors = interceptors;
        this.timers = timers;
        this.store = store;
    }

    /** A registry whose sessions live on this node only. */
    public SessionRegistry(SubscriptionTree subscriptionTree, SessionSettings settings, SessionListener listener,
            PublishInterceptors interceptors, ScheduledExecutorService timers) {
        this(subscriptionTree, settings, listener, interceptors, timers, SessionStore.LOCAL);
    }

    /** A registry whose sessions run no interceptors. */
    public SessionRegistry(SubscriptionTree subscriptionTree, SessionSettings settings, SessionListener listener,
            ScheduledExecutorService timers) {
        this(subscriptionTree, settings, listener, PublishInterceptors.NONE, timers);
    }

    /**
     * Finds, takes over or creates the session for a connection. Call it on the connection's executor;
     * {@code onOpened} runs there once the session belongs to it. A connection that loses a race to a
     * newer one for the same client id is closed through {@link SessionConnection#closeForTakeover()}.
     */
    public void open(OpenRequest request, Consumer<Opened> onOpened) {
        if (sessions.containsKey(request.clientId())) {
            openHere(request, SessionStore.Claimed.NONE, onOpened);
            return;
        }
        CompletableFuture<SessionStore.Claimed> claim = store.claim(request.clientId(), request.cleanStart(),
                request.expiryIntervalSeconds()).toCompletableFuture();
        if (claim.isDone() && !claim.isCompletedExceptionally()) {
            openHere(request, claim.join(), onOpened); // memory mode: no other place to ask
            return;
        }
        claim.whenComplete((claimed, failure) -> request.connection().executor().execute(() ->
                openHere(request, failure == null ? claimed : SessionStore.Claimed.NONE, onOpened)));
    }

    /** Opens the session once it is this node's; {@code claimed} is what came from elsewhere, if anything. */
    private void openHere(OpenRequest request, SessionStore.Claimed claimed, Consumer<Opened> onOpened) {
        Session existing = sessions.get(request.clientId());
        if (existing == null) {
            Session created = new Session(request.clientId(), request.expiryIntervalSeconds(), request.connection(),
                    subscriptionTree, settings, listener, interceptors, timers);
            existing = sessions.putIfAbsent(request.clientId(), created);
            if (existing == null) {
                // Held messages first, so that they go out before anything the restored subscriptions bring.
                claimed.held().forEach(created::deliver);
                claimed.subscriptions().forEach(created::subscribe);
                listener.onCreated(created);
                onOpened.accept(new Opened(created, claimed.present()));
                return;
            }
        }
        Session found = existing;
        found.runOnOwner(() -> takeOver(found, request, onOpened));
    }

    private void takeOver(Session found, OpenRequest request, Consumer<Opened> onOpened) {
        Executor newOwner = request.connection().executor();
        if (found.isEnded()) {
            newOwner.execute(() -> open(request, onOpened));
            return;
        }
        if (request.cleanStart() || !found.isPersistent()) {
            if (found.dismissConnections()) {
                listener.onTakenOver(found);
            }
            found.end();
            forget(found);
            newOwner.execute(() -> open(request, onOpened));
            return;
        }
        found.setExpiryInterval(request.expiryIntervalSeconds());
        if (found.handOver(request.connection())) {
            listener.onTakenOver(found);
        }
        newOwner.execute(() -> {
            // A newer connection may have taken the session in between; it closed this one already.
            if (found.isClaimedBy(request.connection())) {
                listener.onResumed(found);
                onOpened.accept(new Opened(found, true));
            }
        });
    }

    /**
     * The connection attached to {@code session} ended; call it on that connection's executor. A session
     * without expiry interval ends now; any other starts counting down its expiry interval. Returns the
     * deliveries for shared subscription groups the client left unacknowledged, for other members.
     */
    public List<Delivery> disconnect(Session session, SessionConnection connection) {
        List<Delivery> orphaned = session.takeSharedDeliveries(connection);
        if (session.detach(connection)) {
            session.startExpiry(() -> {
                forget(session);
                listener.onExpired(session);
            });
        } else {
            forget(session);
        }
        return orphaned;
    }

    private void forget(Session session) {
        if (sessions.remove(session.clientId(), session)) {
            store.ended(session);
        }
    }

    /**
     * Another node took the client's session (cluster mode): closes its connection here (MQTT 5: 0x8E),
     * removes it, and completes with the QoS 1 and 2 messages it held unacknowledged (none with
     * {@code discard}) for the new owner; with empty when this node had no such session. Its subscriptions
     * leave this node's tree; the caller keeps them from being removed elsewhere.
     */
    public CompletableFuture<List<Delivery>> release(String clientId, boolean discard) {
        Session session = sessions.get(clientId);
        if (session == null) {
            return CompletableFuture.completedFuture(List.of());
        }
        return session.callOnOwner(owned -> {
            if (owned.dismissConnections()) {
                listener.onTakenOver(owned);
            }
            List<Delivery> held = discard ? List.<Delivery>of() : owned.takeUnacknowledged();
            owned.end();
            sessions.remove(clientId, owned);
            return held;
        }).thenApply(held -> held.orElse(List.of()));
    }

    /**
     * The client's connection declared a will (null: it has none any more, because it disconnected normally or
     * this node took care of it); cluster mode keeps it where a surviving node can publish it if this node dies.
     */
    public void willChanged(String clientId, @Nullable Message will, long delaySeconds) {
        store.willChanged(clientId, will, delaySeconds);
    }

    public Optional<Session> find(String clientId) {
        return Optional.ofNullable(sessions.get(clientId));
    }

    /** Every session, online and offline, as a weakly consistent view: for operations, not for hot paths. */
    public Collection<Session> all() {
        return Collections.unmodifiableCollection(sessions.values());
    }

    /**
     * Closes the session's connection because an operator asked for it (MQTT 5: DISCONNECT 0x98); with
     * {@code endSession} the session ends as well and leaves the registry. Completes on the session's owner
     * with whether a connection was attached, or with empty when the session had ended already.
     */
    public CompletableFuture<Optional<Boolean>> closeForAdministrator(Session session, boolean endSession) {
        return session.callOnOwner(owned -> {
            boolean wasConnected = owned.closeForAdministrator(endSession);
            if (owned.isEnded()) {
                forget(owned);
            }
            return wasConnected;
        });
    }

    @Override
    public boolean deliver(String clientId, Delivery delivery) {
        Session session = sessions.get(clientId);
        if (session == null) {
            return false;
        }
        session.deliver(delivery);
        return true;
    }

    @Override
    public boolean isConnected(String clientId) {
        Session session = sessions.get(clientId);
        return session != null && session.isConnected();
    }

    /** All sessions, online and offline. */
    public int size() {
        return sessions.size();
    }

    /**
     * Messages held in session queues, summed over all sessions on each call (for metrics scrapes, not hot
     * paths). Each session's count is read without its owner thread, so the sum is approximate while
     * messages move.
     */
    public long queuedMessages() {
        return sessions.values().stream().mapToLong(Session::queuedMessages).sum();
    }

    /** Messages sent and not yet acknowledged, summed over all sessions as {@link #queuedMessages()} is. */
    public long inflightMessages() {
        return sessions.values().stream().mapToLong(Session::inflightMessages).sum();
    }

    /** Sessions with a connection attached; counts on each call, so it is for health checks, not hot paths. */
    public long connectedCount() {
        return sessions.values().stream().filter(Session::isConnected).count();
    }
}
