package io.petrel.cluster;

import io.petrel.message.Qos;
import io.petrel.routing.Delivery;
import io.petrel.session.SessionRegistry;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves sessions and held messages between this node and the others. It answers the control messages of the
 * inbox (RELEASE, DISCARD, RELEASED, DRAIN), and queues in Redis the QoS 1 and 2 deliveries for a client no
 * node holds in memory, telling the session's owner, if it has one, to take them.
 */
public final class SessionHandover {

    private static final Logger log = LoggerFactory.getLogger(SessionHandover.class);

    private final String nodeId;
    private final SessionRegistry sessions;
    private final LocalSubscriptions local;
    private final RedisSessionStore store;
    private final SessionQueues queues;
    private final Forwarder forwarder;
    private final LiveNodes liveNodes;
    private final Executor clusterThread;

    public SessionHandover(String nodeId, SessionRegistry sessions, LocalSubscriptions local, RedisSessionStore store,
            SessionQueues queues, Forwarder forwarder, LiveNodes liveNodes, Executor clusterThread) {
        this.nodeId = nodeId;
        this.sessions = sessions;
        this.local = local;
        this.store = store;
        this.queues = queues;
        this.forwarder = forwarder;
        this.liveNodes = liveNodes;
        this.clusterThread = clusterThread;
    }

    /** A control message from the inbox; any thread. */
    void onControl(Control control) {
        switch (control.type()) {
            case RELEASE -> release(control, false);
            case DISCARD -> release(control, true);
            case RELEASED -> store.onReleased(control);
            case DRAIN -> drain(control.clientId());
        }
    }

    /**
     * Another node claimed a session: close it here, put what it held unacknowledged at the head of its queue
     * (unless discarded), and answer. Its subscriptions stay in Redis for the new owner.
     */
    private void release(Control control, boolean discard) {
        String clientId = control.clientId();
        handOff(clientId, discard).whenComplete((ignored, failure) -> {
            if (failure != null) {
                log.warn("Could not hand the held messages of {} to node {}: {}", clientId, control.fromNode(),
                        failure.getMessage());
            }
            store.movedAway(clientId);
            forwarder.send(control.fromNode(), new Control(Control.Type.RELEASED, clientId, control.epoch(), nodeId));
        });
    }

    /**
     * Lets this node's session of the client go: its connection closes, what it held unacknowledged goes to
     * the head of its Redis queue (unless discarded), and its subscriptions stay in Redis for the next owner.
     */
    private CompletableFuture<Void> handOff(String clientId, boolean discard) {
        if (!discard) {
            local.beginMove(clientId);
        }
        return sessions.release(clientId, discard)
                .thenCompose(held -> pushFront(clientId, held))
                .whenComplete((ignored, failure) -> local.endMove(clientId));
    }

    /**
     * The node is shutting down (its connections are closed already): puts what each persistent session held
     * unacknowledged into the session's queue in Redis and lets the session go, subscriptions left in Redis,
     * so that the reaper can park it for a client that comes back on another node.
     */
    public CompletableFuture<Void> releaseAll() {
        return CompletableFuture.allOf(sessions.all().stream()
                .filter(session -> session.expiryIntervalSeconds() > 0)
                .map(session -> handOff(session.clientId(), false))
                .toArray(CompletableFuture[]::new));
    }

    /** Puts held deliveries at the head of the client's Redis queue, on the cluster thread. */
    private CompletableFuture<Void> pushFront(String clientId, List<Delivery> held) {
        if (held.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> pushed = new CompletableFuture<>();
        clusterThread.execute(() -> queues.pushFront(clientId, held).whenComplete((count, failure) -> {
            if (failure != null) {
                pushed.completeExceptionally(failure);
            } else {
                pushed.complete(null);
            }
        }));
        return pushed;
    }

    /** Moves what waits in Redis for a session of this node into it. */
    private void drain(String clientId) {
        if (sessions.find(clientId).isEmpty()) {
            return; // it is claimed elsewhere or not yet opened: the claim takes the queue
        }
        clusterThread.execute(() -> queues.drain(clientId).thenAccept(held -> deliverAll(clientId, held)));
    }

    private void deliverAll(String clientId, List<Delivery> held) {
        for (Delivery delivery : held) {
            if (!sessions.deliver(clientId, delivery)) {
                park(clientId, delivery); // the session left in between: back to Redis
            }
        }
    }

    /**
     * Queues a delivery in Redis for a client whose session is not in memory on this node; QoS 0 is dropped as
     * for any offline session. Any thread.
     */
    void park(String clientId, Delivery delivery) {
        if (delivery.qos() == Qos.AT_MOST_ONCE) {
            return;
        }
        clusterThread.execute(() -> queues.park(clientId, delivery).thenAccept(owner -> {
            if (owner == null || owner.isEmpty()) {
                return; // no session any more, or none in memory anywhere: it waits for the client
            }
            if (owner.equals(nodeId)) {
                drain(clientId);
            } else if (liveNodes.isAlive(owner)) {
                forwarder.send(owner, new Control(Control.Type.DRAIN, clientId, 0, nodeId));
            }
        }));
    }
}
