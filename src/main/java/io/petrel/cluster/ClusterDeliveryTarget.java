package io.petrel.cluster;

import io.petrel.routing.Delivery;
import io.petrel.routing.DeliveryTarget;
import io.petrel.session.SessionRegistry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where the router's deliveries go in cluster mode: to a session of this node when there is one, to the Redis
 * queue of a session whose node died, otherwise
 * into one forward per other node that owns a matching session, sent when the router is done with the
 * message. The router runs each message on one thread from start to {@link #flush()}, so the batch being
 * built lives in a thread-local.
 */
public final class ClusterDeliveryTarget implements DeliveryTarget {

    private final SessionRegistry sessions;
    private final RemoteSubscriptions remote;
    private final Forwarder forwarder;
    private final SessionHandover handover;
    private final ThreadLocal<Map<String, List<Forward.Recipient>>> pending = ThreadLocal.withInitial(HashMap::new);

    public ClusterDeliveryTarget(SessionRegistry sessions, RemoteSubscriptions remote, Forwarder forwarder,
            SessionHandover handover) {
        this.sessions = sessions;
        this.remote = remote;
        this.forwarder = forwarder;
        this.handover = handover;
    }

    @Override
    public boolean deliver(String clientId, Delivery delivery) {
        if (sessions.deliver(clientId, delivery)) {
            return true;
        }
        String node = remote.nodeOf(clientId);
        if (node == null) {
            return false;
        }
        if (node.isEmpty()) {
            handover.park(clientId, delivery); // a session whose node died: it waits in Redis for its client
            return true;
        }
        pending.get().computeIfAbsent(node, ignored -> new ArrayList<>(4))
                .add(new Forward.Recipient(clientId, delivery));
        return true;
    }

    @Override
    public boolean isConnected(String clientId) {
        // Other nodes' clients count as connected: a node keeps only its own sessions' state.
        String node = remote.nodeOf(clientId);
        return sessions.isConnected(clientId) || node != null && !node.isEmpty();
    }

    @Override
    public void flush() {
        Map<String, List<Forward.Recipient>> batch = pending.get();
        if (batch.isEmpty()) {
            return;
        }
        batch.forEach((node, recipients) ->
                forwarder.send(node, new Forward(recipients.get(0).delivery().message(), recipients)));
        batch.clear();
    }
}
