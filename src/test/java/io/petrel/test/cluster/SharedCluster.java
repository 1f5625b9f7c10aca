package io.petrel.test.cluster;

import io.petrel.test.redis.RedisClusterServers;
import io.petrel.test.redis.RedisServer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A Redis and a few broker nodes started once for a test class, and the MQTT clients each test opens against
 * them, closed after the test. Register it as a static field:
 *
 * <pre>{@code @RegisterExtension static final SharedCluster cluster = SharedCluster.onRedis(2);}</pre>
 */
public final class SharedCluster implements BeforeAllCallback, AfterAllCallback, AfterEachCallback {

    private final int nodeCount;
    private final boolean redisCluster;
    private final String[] properties;
    private final NodeClients clients = new NodeClients();
    private @Nullable RedisServer redis;
    private @Nullable RedisClusterServers redisServers;
    private @Nullable ClusterNodes nodes;

    private SharedCluster(int nodeCount, boolean redisCluster, String... properties) {
        this.nodeCount = nodeCount;
        this.redisCluster = redisCluster;
        this.properties = properties;
    }

    /** Nodes on one standalone {@code redis-server}. */
    public static SharedCluster onRedis(int nodeCount, String... properties) {
        return new SharedCluster(nodeCount, false, properties);
    }

    /** Nodes on a Redis Cluster of three masters. */
    public static SharedCluster onRedisCluster(int nodeCount, String... properties) {
        return new SharedCluster(nodeCount, true, properties);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (redisCluster) {
            redisServers = RedisClusterServers.start();
            nodes = ClusterNodes.start(redisServers, nodeCount, properties);
        } else {
            redis = RedisServer.start();
            nodes = ClusterNodes.start(redis, nodeCount, properties);
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        clients.close();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (nodes != null) {
            nodes.close();
        }
        if (redis != null) {
            redis.close();
        }
        if (redisServers != null) {
            redisServers.close();
        }
    }

    public ClusterNodes.Node node(int index) {
        return nodes().node(index);
    }

    public ClusterNodes nodes() {
        if (nodes == null) {
            throw new IllegalStateException("the cluster starts before all tests: register the extension statically");
        }
        return nodes;
    }

    /** The standalone Redis (not for {@link #onRedisCluster}). */
    public RedisServer redis() {
        if (redis == null) {
            throw new IllegalStateException("this cluster runs on a Redis Cluster");
        }
        return redis;
    }

    public RedisClusterServers redisCluster() {
        if (redisServers == null) {
            throw new IllegalStateException("this cluster runs on a standalone Redis");
        }
        return redisServers;
    }

    /** The clients of the running test, closed after it. */
    public NodeClients clients() {
        return clients;
    }
}
