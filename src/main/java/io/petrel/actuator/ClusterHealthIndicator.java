package io.petrel.actuator;

import io.petrel.cluster.ClusterNode;
import io.petrel.cluster.Forwarder;
import io.petrel.cluster.Inbox;
import io.petrel.cluster.SubscriptionSync;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Cluster mode: UP while this node is connected to Redis and in sync with the other nodes' subscriptions;
 * DOWN during a Redis outage (local delivery goes on) and while a resync runs. Details: the node id, the
 * other nodes' subscriptions known here, forwards sent, failed and received, and resyncs since start. It is
 * not part of the readiness group: a Redis outage must not take every node out of the load balancer at
 * once, and readiness already waits for the first sync (the node starts only after it).
 */
public final class ClusterHealthIndicator implements HealthIndicator {

    private final ClusterNode node;
    private final SubscriptionSync sync;
    private final Forwarder forwarder;
    private final Inbox inbox;

    public ClusterHealthIndicator(ClusterNode node, SubscriptionSync sync, Forwarder forwarder, Inbox inbox) {
        this.node = node;
        this.sync = sync;
        this.forwarder = forwarder;
        this.inbox = inbox;
    }

    @Override
    public Health health() {
        boolean up = node.isRunning() && node.isRedisConnected() && sync.isSynced();
        return (up ? Health.up() : Health.down())
                .withDetail("node", node.nodeId())
                .withDetail("redisConnected", node.isRedisConnected())
                .withDetail("synced", sync.isSynced())
                .withDetail("remoteSubscriptions", sync.remoteCount())
                .withDetail("resyncs", sync.resyncs())
                .withDetail("forwardsSent", forwarder.sent())
                .withDetail("forwardsFailed", forwarder.failed())
                .withDetail("forwardsReceived", inbox.received())
                .withDetail("undeliverable", inbox.undeliverable())
                .build();
    }
}
