package io.petrel.session;

import io.petrel.intercept.InterceptResult;
import io.petrel.intercept.PublishInterceptors;
import io.petrel.message.Message;
import io.petrel.routing.Delivery;
import io.petrel.routing.Subscription;
import io.petrel.routing.SubscriptionTree;
import io.petrel.routing.TopicFilter;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The state the broker keeps for one client id: subscriptions, the outbox (messages in flight and held
 * back), inbound QoS 2 packet identifiers awaiting PUBREL, the session expiry interval and a will waiting
 * for its delay. It outlives its connections when its expiry interval is above zero.
 *
 * <p>Threading: the state is confined to the {@code owner} executor, the event loop of the connection it
 * is attached to (or was last attached to). Other threads hand deliveries over through {@link #deliver},
 * which appends to a mailbox drained on the owner, so messages keep their order even while the session
 * moves to another event loop on takeover.
 */
public final class Session {

    /** The session expiry interval that means "never expires" [MQTT-3.1.2-11]. */
    public static final long NEVER_EXPIRES = 0xFFFFFFFFL;

    private static final VarHandle DRAIN_SCHEDULED;

    static {
        try {
            DRAIN_SCHEDULED = MethodHandles.lookup().findVarHandle(Session.class, "drainScheduled", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final String clientId;
    private final SubscriptionTree subscriptionTree;
    private final ConcurrentLinkedQueue<Delivery> mailbox = new ConcurrentLinkedQueue<>();
    /** 1 while a drain of the mailbox is scheduled; a field with a VarHandle, not an AtomicBoolean per session. */
    private volatile int drainScheduled;
    private volatile Executor owner;
    private volatile boolean connected;
    /** The details of the connection attached last; written before {@code connected} is set, so readable anywhere. */
    private volatile @Nullable ConnectionDetails lastConnection;

    // Confined to the owner executor. Most sessions of idle devices never need the collections and the
    // countdowns, so they are created on first use: that is a few hundred bytes less per connection.
    private long expiryIntervalSeconds;
    private boolean ended;
    private @Nullable SessionConnection connection;
    /** The connection the registry handed this session to, until it attaches; a takeover closes it too. */
    private @Nullable SessionConnection claimant;
    private @Nullable SessionSubscriptions subscriptions;
    private final Outbox outbox;
    private @Nullable Qos2Receipts qos2Receipts;
    private @Nullable Countdowns countdowns;
    private final ScheduledExecutorService timers;
    private final SessionListener listener;
    private final PublishInterceptors interceptors;

    Session(String clientId, long expiryIntervalSeconds, SessionConnection claimant, SubscriptionTree tree,
            SessionSettings settings, SessionListener listener, PublishInterceptors interceptors,
            ScheduledExecutorService timers) {
        this.clientId = clientId;
        this.expiryIntervalSeconds = expiryIntervalSeconds;
        this.claimant = claimant;
        this.owner = claimant.executor();
        this.subscriptionTree = tree;
        this.outbox = new Outbox(this, settings, listener);
        this.listener = listener;
        this.interceptors = interceptors;
        this.timers = timers;
    }

    private Countdowns countdowns() {
        if (countdowns == null) {
            countdowns = new Countdowns(timers, () -> this.owner, this::runOnOwner);
        }
        return countdowns;
    }

    private SessionSubscriptions subscriptionSet() {
        if (subscriptions == null) {
            subscriptions = new SessionSubscriptions(clientId, subscriptionTree);
        }
        return subscriptions;
    }

    private Qos2Receipts qos2Receipts() {
        if (qos2Receipts == null) {
            qos2Receipts = new Qos2Receipts();
        }
        return qos2Receipts;
    }

    public String clientId() {
        return clientId;
    }

    /**
     * The details of the connection attached now or, while none is, of the one attached last; null before the
     * first attaches. Readable from any thread.
     */
    public @Nullable ConnectionDetails lastConnection() {
        return lastConnection;
    }

    /** Whether a connection is attached; readable from any thread. */
    public boolean isConnected() {
        return connected;
    }

    /** Hands a delivery to this session from any thread; it is sent or queued on the owner, in order. */
    public void deliver(Delivery delivery) {
        mailbox.add(delivery);
        if (DRAIN_SCHEDULED.compareAndSet(this, 0, 1)) {
            Executor target = owner;
            target.execute(() -> drainMailbox(target));
        }
    }

    private void drainMailbox(Executor runningOn) {
        drainScheduled = 0;
        if (runningOn != owner) {
            // The session moved while this task waited: continue on the new owner, keeping the order.
            if (!mailbox.isEmpty() && DRAIN_SCHEDULED.compareAndSet(this, 0, 1)) {
                Executor target = owner;
                target.execute(() -> drainMailbox(target));
            }
            return;
        }
        Delivery delivery;
        boolean wrote = false;
        while ((delivery = mailbox.poll()) != null) {
            Delivery intercepted = ended || interceptors.isEmpty() ? delivery : intercept(delivery);
            if (!ended && intercepted != null) {
                wrote |= outbox.offer(intercepted, connection);
            }
        }
        flushIf(wrote);
    }

    /** The outbound interceptors' version of a delivery for this client, or null when they dropped it. */
    private @Nullable Delivery intercept(Delivery delivery) {
        InterceptResult result = interceptors.outbound(clientId, delivery.message());
        Message message = result.message();
        if (message == null) {
            listener.onDropped(this, delivery, DropReason.INTERCEPTED);
            return null;
        }
        return message == delivery.message() ? delivery : delivery.withMessage(message);
    }

    private void flushIf(boolean wrote) {
        if (wrote && connection != null) {
            connection.flush();
        }
    }

    /** Runs a task on the owner executor, following the session if it moves first. */
    void runOnOwner(Runnable task) {
        Executor target = owner;
        target.execute(() -> {
            if (target == owner) {
                task.run();
            } else {
                runOnOwner(task);
            }
        });
    }

    /**
     * Runs {@code task} on the owner for a caller on another thread (an operator's request) and completes
     * with its result, or with empty when the session has ended by then. The task may use every method
     * that must be called on the owner.
     */
    public <T> CompletableFuture<Optional<T>> callOnOwner(Function<Session, T> task) {
        CompletableFuture<Optional<T>> result = new CompletableFuture<>();
        Runnable call = () -> {
            try {
                result.complete(ended ? Optional.empty() : Optional.of(task.apply(this)));
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        };
        try {
            runOnOwner(call);
        } catch (RejectedExecutionException rejected) {
            if (!(owner instanceof ExecutorService loop) || !loop.isTerminated()) {
                throw rejected;
            }
            call.run(); // the listeners have shut down: no thread owns the session any more
        }
        return result;
    }

    /**
     * Attaches the connection the session was handed to (on its executor, which now owns the session):
     * cancels a pending will and the expiry timer, resends what is in flight and what was queued, within
     * the client's receive maximum, and flushes. Returns false, attaching nothing, when a newer connection
     * took the session in between.
     */
    public boolean attach(SessionConnection newConnection, int receiveMaximum) {
        if (!isClaimedBy(newConnection)) {
            return false;
        }
        claimant = null;
        connection = newConnection;
        lastConnection = newConnection.details();
        connected = true;
        if (countdowns != null) {
            countdowns.cancel();
        }
        outbox.resume(newConnection, receiveMaximum);
        newConnection.flush();
        return true;
    }

    /**
     * Takes back the QoS 1 and 2 deliveries picked for shared subscription groups that this connection
     * has not acknowledged, so that other members can have them; nothing when it is not the attached one.
     */
    List<Delivery> takeSharedDeliveries(SessionConnection leaving) {
        return connection == leaving ? outbox.takeShared() : List.of();
    }

    /** The client's connection ended; returns true when the session lives on. */
    boolean detach(SessionConnection oldConnection) {
        if (connection != null && connection != oldConnection) {
            return !ended; // another connection holds the session now
        }
        if (claimant == oldConnection) {
            claimant = null;
        }
        connection = null;
        connected = false;
        if (expiryIntervalSeconds == 0) {
            end();
            return false;
        }
        return !ended;
    }

    /** Whether the session was handed to this connection, which has not attached yet; called on the owner. */
    public boolean isClaimedBy(SessionConnection candidate) {
        return claimant == candidate && !ended;
    }

    /**
     * Hands the session to a newer connection: the attached connection, or one it was handed to that has
     * not attached yet, is told to close; then the newer connection's executor becomes the owner. Called on
     * the current owner. Returns whether a connection was told to close.
     */
    boolean handOver(SessionConnection newConnection) {
        boolean dismissed = dismissConnections();
        claimant = newConnection;
        owner = newConnection.executor();
        return dismissed;
    }

    /**
     * Closes the attached connection, or the one the session was handed to, because an operator asked for
     * it; with {@code endSession} the session ends too, at once when there is no such connection, else as
     * it closes (as with an expiry interval of 0, so a will is sent as the session ends). Called on the
     * owner; returns whether there was a connection to close.
     */
    boolean closeForAdministrator(boolean endSession) {
        if (endSession) {
            expiryIntervalSeconds = 0;
        }
        SessionConnection current = connection != null ? connection : claimant;
        if (current != null) {
            current.closeForAdministrator();
            return true;
        }
        if (endSession) {
            end();
        }
        return false;
    }

    /**
     * Tells the attached connection, or the one the session was handed to, to close: a newer one takes over.
     * Returns whether there was such a connection.
     */
    boolean dismissConnections() {
        SessionConnection previous = connection != null ? connection : claimant;
        connection = null;
        claimant = null;
        connected = false;
        if (previous != null) {
            previous.closeForTakeover();
        }
        return previous != null;
    }

    /**
     * Keeps the will of a connection that ended without a normal DISCONNECT until its delay passes or the
     * session ends, whichever comes first [MQTT-3.1.3-9]; a reconnect in between cancels it. Call it before
     * the connection detaches.
     */
    public void holdWill(Message will, long delaySeconds, Consumer<Message> publisher) {
        countdowns().holdWill(will, delaySeconds, publisher);
    }

    /** Starts the expiry countdown of a detached session; {@code onExpired} runs on the owner when it ends. */
    void startExpiry(Runnable onExpired) {
        if (expiryIntervalSeconds == NEVER_EXPIRES || connected || claimant != null || ended) {
            return;
        }
        countdowns().startExpiry(expiryIntervalSeconds, () -> {
            if (!connected && claimant == null && !ended) {
                end();
                onExpired.run();
            }
        });
    }

    /** Discards all state: subscriptions leave the tree, held messages are dropped, a pending will is sent. */
    void end() {
        ended = true;
        connected = false;
        if (countdowns != null) {
            countdowns.sessionEnded();
        }
        if (subscriptions != null) {
            subscriptions.removeAll();
            subscriptions = null;
        }
        outbox.clear();
        mailbox.clear();
        qos2Receipts = null;
    }

    /** The QoS 1 and 2 messages not yet acknowledged, taken out for a node the session moves to. */
    List<Delivery> takeUnacknowledged() {
        return outbox.takeUnacknowledged();
    }

    boolean isEnded() {
        return ended;
    }

    boolean isPersistent() {
        return expiryIntervalSeconds > 0;
    }

    public long expiryIntervalSeconds() {
        return expiryIntervalSeconds;
    }

    /** Sets the session expiry interval, at CONNECT or (MQTT 5) at DISCONNECT. */
    public void setExpiryInterval(long seconds) {
        this.expiryIntervalSeconds = seconds;
    }

    /** Adds or replaces a subscription; returns true when one to the same filter already existed. */
    public boolean subscribe(Subscription subscription) {
        return subscriptionSet().add(subscription);
    }

    /** Removes a subscription; returns false when there was none for that filter. */
    public boolean unsubscribe(TopicFilter filter) {
        return subscriptions != null && subscriptions.remove(filter);
    }

    public int subscriptionCount() {
        return subscriptions == null ? 0 : subscriptions.size();
    }

    public boolean hasSubscription(TopicFilter filter) {
        return subscriptions != null && subscriptions.contains(filter);
    }

    public List<Subscription> subscriptions() {
        return subscriptions == null ? new ArrayList<>() : subscriptions.list();
    }

    /** PUBACK from the client; returns false when no QoS 1 message was in flight with that id. */
    public boolean onPuback(int packetId) {
        return acknowledged(outbox.acknowledge(packetId));
    }

    /** PUBREC from the client; returns false when no QoS 2 message was in flight with that id. */
    public boolean onPubrec(int packetId) {
        return outbox.release(packetId);
    }

    /** PUBREC with an error reason code (MQTT 5): the client refused the message, which leaves the window. */
    public boolean onPubrecRefused(int packetId) {
        return acknowledged(outbox.refused(packetId));
    }

    /** PUBCOMP from the client; returns false when no released QoS 2 message had that id. */
    public boolean onPubcomp(int packetId) {
        return acknowledged(outbox.complete(packetId));
    }

    private boolean acknowledged(boolean known) {
        if (known) {
            flushIf(outbox.sendWaiting(connection));
        }
        return known;
    }

    /** The connection became writable again: send what waited. */
    public void onWritable() {
        flushIf(outbox.sendWaiting(connection));
    }

    /**
     * An inbound QoS 2 PUBLISH: returns true the first time a packet id is seen, so the message is routed
     * once; a resend before PUBREL returns false [MQTT-4.3.3-2].
     */
    public boolean receiveQos2(int packetId) {
        return qos2Receipts().receive(packetId);
    }

    /** PUBREL from the client: forgets the packet id, which may now be reused. */
    public void releaseQos2(int packetId) {
        if (qos2Receipts != null) {
            qos2Receipts.release(packetId);
        }
    }

    public boolean isAwaitingRelease(int packetId) {
        return qos2Receipts != null && qos2Receipts.isAwaitingRelease(packetId);
    }

    /** Inbound QoS 2 messages received and not yet released by PUBREL. */
    public int awaitingReleaseCount() {
        return qos2Receipts == null ? 0 : qos2Receipts.size();
    }

    public int queuedMessages() {
        return outbox.queued();
    }

    public int inflightMessages() {
        return outbox.inflight();
    }

    public long droppedMessages() {
        return outbox.dropped();
    }
}
