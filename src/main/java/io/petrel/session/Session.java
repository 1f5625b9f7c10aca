package io.petrel.session;

import io.petrel.message.Qos;
import io.petrel.routing.Delivery;
import io.petrel.routing.Subscription;
import io.petrel.routing.SubscriptionTree;
import io.petrel.routing.TopicFilter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * The state the broker keeps for one client id: subscriptions, outbound messages in flight, the queue of
 * messages held back, and inbound QoS 2 packet identifiers awaiting PUBREL. It outlives connections when
 * persistent.
 *
 * <p>Threading: the state is confined to the {@code owner} executor, the event loop of the connection it
 * is attached to (or was last attached to). Other threads hand deliveries over through {@link #deliver},
 * which appends to a mailbox drained on the owner, so messages keep their order even while the session
 * moves to another event loop on takeover.
 */
public final class Session {

    private final String clientId;
    private final SubscriptionTree subscriptionTree;
    private final SessionListener listener;
    private final ConcurrentLinkedQueue<Delivery> mailbox = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private volatile Executor owner;
    private volatile boolean connected;

    // Confined to the owner executor.
    private boolean persistent;
    private boolean ended;
    private @Nullable SessionConnection connection;
    /** The connection the registry handed this session to, until it attaches; a takeover closes it too. */
    private @Nullable SessionConnection claimant;
    private final Map<TopicFilter, Subscription> subscriptions = new HashMap<>();
    private final InflightWindow inflight;
    private final MessageQueue queue;
    private final Set<Integer> awaitingRelease = new HashSet<>();

    Session(String clientId, boolean persistent, SessionConnection claimant, SubscriptionTree tree,
            SessionSettings settings, SessionListener listener) {
        this.clientId = clientId;
        this.persistent = persistent;
        this.claimant = claimant;
        this.owner = claimant.executor();
        this.subscriptionTree = tree;
        this.listener = listener;
        this.inflight = new InflightWindow(settings.maxInflightMessages());
        this.queue = new MessageQueue(settings.maxQueuedMessages(), settings.dropPolicy());
    }

    public String clientId() {
        return clientId;
    }

    /** Whether a connection is attached; readable from any thread. */
    public boolean isConnected() {
        return connected;
    }

    /** Hands a delivery to this session from any thread; it is sent or queued on the owner, in order. */
    public void deliver(Delivery delivery) {
        mailbox.add(delivery);
        if (drainScheduled.compareAndSet(false, true)) {
            Executor target = owner;
            target.execute(() -> drainMailbox(target));
        }
    }

    private void drainMailbox(Executor runningOn) {
        drainScheduled.set(false);
        if (runningOn != owner) {
            // The session moved while this task waited: continue on the new owner, keeping the order.
            if (!mailbox.isEmpty() && drainScheduled.compareAndSet(false, true)) {
                Executor target = owner;
                target.execute(() -> drainMailbox(target));
            }
            return;
        }
        Delivery delivery;
        boolean wrote = false;
        while ((delivery = mailbox.poll()) != null) {
            if (!ended) {
                wrote |= sendOrQueue(delivery);
            }
        }
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

    private boolean sendOrQueue(Delivery delivery) {
        SessionConnection current = connection;
        if (current == null && delivery.qos() == Qos.AT_MOST_ONCE) {
            listener.onDropped(this, delivery, DropReason.OFFLINE_QOS0);
            return false;
        }
        if (current != null && queue.isEmpty() && canSend(current, delivery)) {
            send(current, delivery);
            return true;
        }
        Delivery dropped = queue.offer(delivery);
        if (dropped != null) {
            listener.onDropped(this, dropped, DropReason.QUEUE_FULL);
        }
        return false;
    }

    private boolean canSend(SessionConnection current, Delivery delivery) {
        return current.isWritable() && (delivery.qos() == Qos.AT_MOST_ONCE || !inflight.isFull());
    }

    private void send(SessionConnection current, Delivery delivery) {
        int packetId = delivery.qos() == Qos.AT_MOST_ONCE ? 0 : inflight.add(delivery);
        current.sendPublish(delivery, packetId, false);
    }

    /** Sends queued deliveries while the connection is writable and the in-flight window has room. */
    private boolean sendQueued() {
        SessionConnection current = connection;
        boolean wrote = false;
        Delivery head;
        while (current != null && (head = queue.peek()) != null && canSend(current, head)) {
            queue.poll();
            send(current, head);
            wrote = true;
        }
        return wrote;
    }

    /**
     * Attaches the connection the session was handed to (on its executor, which now owns the session):
     * resends unacknowledged messages with DUP set and PUBRELs [MQTT-4.4.0-1], then what was queued, and
     * flushes. Returns false, attaching nothing, when a newer connection took the session in between.
     */
    public boolean attach(SessionConnection newConnection, int inflightCapacity) {
        if (!isClaimedBy(newConnection)) {
            return false;
        }
        claimant = null;
        connection = newConnection;
        connected = true;
        inflight.setCapacity(inflightCapacity);
        for (InflightWindow.Entry entry : inflight.entries()) {
            if (entry.released) {
                newConnection.sendPubrel(entry.packetId);
            } else {
                newConnection.sendPublish(entry.delivery, entry.packetId, true);
            }
        }
        sendQueued();
        newConnection.flush();
        return true;
    }

    /** The client's connection ended; returns true when the session lives on (persistent). */
    boolean detach(SessionConnection oldConnection) {
        if (connection != null && connection != oldConnection) {
            return !ended; // another connection holds the session now
        }
        if (claimant == oldConnection) {
            claimant = null;
        }
        connection = null;
        connected = false;
        if (!persistent) {
            end();
            return false;
        }
        return true;
    }

    /** Whether the session was handed to this connection, which has not attached yet; called on the owner. */
    public boolean isClaimedBy(SessionConnection candidate) {
        return claimant == candidate && !ended;
    }

    /**
     * Hands the session to a newer connection: the attached connection, or one it was handed to that has
     * not attached yet, is told to close; then the newer connection's executor becomes the owner. Called on
     * the current owner.
     */
    void handOver(SessionConnection newConnection) {
        dismissConnections();
        claimant = newConnection;
        owner = newConnection.executor();
    }

    /** Tells the attached connection, or the one the session was handed to, to close: a newer one takes over. */
    void dismissConnections() {
        SessionConnection previous = connection != null ? connection : claimant;
        connection = null;
        claimant = null;
        connected = false;
        if (previous != null) {
            previous.closeForTakeover();
        }
    }

    /** Discards all state: subscriptions leave the tree, held messages are dropped. */
    void end() {
        ended = true;
        connected = false;
        for (Subscription subscription : subscriptions.values()) {
            subscriptionTree.remove(clientId, subscription.filter());
        }
        subscriptions.clear();
        inflight.clear();
        queue.clear();
        mailbox.clear();
        awaitingRelease.clear();
    }

    boolean isEnded() {
        return ended;
    }

    boolean isPersistent() {
        return persistent;
    }

    void setPersistent(boolean persistent) {
        this.persistent = persistent;
    }

    /** Adds or replaces a subscription; returns true when one to the same filter already existed. */
    public boolean subscribe(Subscription subscription) {
        subscriptionTree.add(subscription);
        return subscriptions.put(subscription.filter(), subscription) != null;
    }

    /** Removes a subscription; returns false when there was none for that filter. */
    public boolean unsubscribe(TopicFilter filter) {
        if (subscriptions.remove(filter) == null) {
            return false;
        }
        subscriptionTree.remove(clientId, filter);
        return true;
    }

    public int subscriptionCount() {
        return subscriptions.size();
    }

    public boolean hasSubscription(TopicFilter filter) {
        return subscriptions.containsKey(filter);
    }

    public List<Subscription> subscriptions() {
        return new ArrayList<>(subscriptions.values());
    }

    /** PUBACK from the client; returns false when no QoS 1 message was in flight with that id. */
    public boolean onPuback(int packetId) {
        return acknowledged(inflight.acknowledge(packetId));
    }

    /** PUBREC from the client; returns false when no QoS 2 message was in flight with that id. */
    public boolean onPubrec(int packetId) {
        return inflight.release(packetId);
    }

    /** PUBCOMP from the client; returns false when no released QoS 2 message had that id. */
    public boolean onPubcomp(int packetId) {
        return acknowledged(inflight.complete(packetId));
    }

    private boolean acknowledged(boolean known) {
        if (known && sendQueued() && connection != null) {
            connection.flush();
        }
        return known;
    }

    /** The connection became writable again: send what waited. */
    public void onWritable() {
        if (sendQueued() && connection != null) {
            connection.flush();
        }
    }

    /**
     * An inbound QoS 2 PUBLISH: returns true the first time a packet id is seen, so the message is routed
     * once; a resend before PUBREL returns false [MQTT-4.3.3-2].
     */
    public boolean receiveQos2(int packetId) {
        return awaitingRelease.add(packetId);
    }

    /** PUBREL from the client: forgets the packet id, which may now be reused. */
    public void releaseQos2(int packetId) {
        awaitingRelease.remove(packetId);
    }

    public int queuedMessages() {
        return queue.size();
    }

    public int inflightMessages() {
        return inflight.size();
    }

    public long droppedMessages() {
        return queue.dropped();
    }
}
