package io.petrel.config;

import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** Cluster mode on Redis ({@code mqtt.cluster.*}); the connection itself is {@code spring.data.redis.*}. */
@ConfigurationProperties("mqtt.cluster")
public class ClusterProperties {

    /** Whether several nodes share one Redis and behave as one broker. */
    private boolean enabled;

    /**
     * This node's identifier, unique in the cluster; defaults to the {@code HOSTNAME} variable (the pod name
     * on Kubernetes), or a random one. A node restarted with the same id takes its old identity back.
     */
    private @Nullable String nodeId;

    /** How often the node refreshes its heartbeat key. */
    private Duration heartbeatInterval = Duration.ofSeconds(1);

    /** A node whose heartbeat is older than this is dead: its wills are published and its sessions freed. */
    private Duration nodeTimeout = Duration.ofSeconds(5);

    /** How often the node compares the subscription change counter with what it has applied. */
    private Duration syncInterval = Duration.ofSeconds(5);

    /**
     * How long a node that claims a session waits for the node that held it to close it and hand over its
     * unacknowledged messages; after that (a node that does not answer) it goes on without them.
     */
    private Duration releaseTimeout = Duration.ofSeconds(3);

    /** The approximate length at which a node's forwarding stream is trimmed. */
    private int inboxMaxLength = 100_000;

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public @Nullable String getNodeId() {
        return nodeId;
    }

    public void setNodeId(@Nullable String nodeId) {
        this.nodeId = nodeId;
    }

    public Duration getHeartbeatInterval() {
        return heartbeatInterval;
    }

    public void setHeartbeatInterval(Duration heartbeatInterval) {
        this.heartbeatInterval = heartbeatInterval;
    }

    public Duration getNodeTimeout() {
        return nodeTimeout;
    }

    public void setNodeTimeout(Duration nodeTimeout) {
        this.nodeTimeout = nodeTimeout;
    }

    public Duration getSyncInterval() {
        return syncInterval;
    }

    public void setSyncInterval(Duration syncInterval) {
        this.syncInterval = syncInterval;
    }

    public Duration getReleaseTimeout() {
        return releaseTimeout;
    }

    public void setReleaseTimeout(Duration releaseTimeout) {
        this.releaseTimeout = releaseTimeout;
    }

    public int getInboxMaxLength() {
        return inboxMaxLength;
    }

    public void setInboxMaxLength(int inboxMaxLength) {
        this.inboxMaxLength = inboxMaxLength;
    }
}
