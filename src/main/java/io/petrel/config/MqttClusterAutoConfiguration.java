package io.petrel.config;

import io.lettuce.core.ClientOptions;
import io.petrel.cluster.ClusterDeliveryTarget;
import io.petrel.cluster.ClusterNode;
import io.petrel.cluster.Forwarder;
import io.petrel.cluster.Inbox;
import io.petrel.cluster.KeyspaceEvents;
import io.petrel.cluster.LiveNodes;
import io.petrel.cluster.NodeReaper;
import io.petrel.cluster.ParkedSessionExpiry;
import io.petrel.cluster.RedisSessionStore;
import io.petrel.cluster.SessionHandover;
import io.petrel.cluster.SessionQueues;
import io.petrel.cluster.LocalSubscriptions;
import io.petrel.cluster.RedisLink;
import io.petrel.cluster.RedisMirror;
import io.petrel.cluster.RedisRetainedMessageStore;
import io.petrel.cluster.RemoteSubscriptions;
import io.petrel.cluster.SubscriptionSync;
import io.petrel.routing.MessageRouter;
import io.petrel.routing.SubscriptionTree;
import io.petrel.session.MessagePublisher;
import io.petrel.session.SessionRegistry;
import io.petrel.session.SessionSettings;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisProperties;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientOptionsBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * Cluster mode on Redis ({@code mqtt.cluster.enabled=true}): the Lettuce client of Spring Data Redis, this
 * node's subscriptions published to Redis, the other nodes' subscriptions synchronised from it, and a router
 * that forwards to the nodes owning matching sessions. Nothing here exists in memory mode.
 */
@AutoConfiguration(before = MqttStorageAutoConfiguration.class, after = DataRedisAutoConfiguration.class)
@ConditionalOnProperty(name = "mqtt.cluster.enabled", havingValue = "true")
@EnableConfigurationProperties(ClusterProperties.class)
public final class MqttClusterAutoConfiguration {

    /** Cluster work waiting for the cluster thread, at most; more is dropped and healed by a resync. */
    private static final int CLUSTER_QUEUE_CAPACITY = 100_000;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    /**
     * Commands fail at once while Redis is unreachable instead of queueing without bound: the broker keeps
     * delivering locally and resyncs when Redis is back.
     */
    @Bean
    LettuceClientOptionsBuilderCustomizer petrelRejectCommandsWhileDisconnected() {
        return options -> options.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS);
    }

    @Bean
    ClusterIdentity clusterIdentity(ClusterProperties properties) {
        String configured = properties.getNodeId();
        String hostname = System.getenv("HOSTNAME");
        String id = configured != null && !configured.isBlank() ? configured
                : hostname != null && !hostname.isBlank() ? hostname
                : "petrel-" + UUID.randomUUID().toString().substring(0, 8);
        if (id.indexOf('|') >= 0) {
            throw new IllegalArgumentException("mqtt.cluster.node-id must not contain '|': " + id);
        }
        return new ClusterIdentity(id);
    }

    /** This node's identifier in the cluster. */
    record ClusterIdentity(String nodeId) {}

    @Bean(destroyMethod = "close")
    BoundedExecutor mqttClusterThread() {
        return new BoundedExecutor(1, CLUSTER_QUEUE_CAPACITY, new CustomizableThreadFactory("mqtt-cluster-"));
    }

    @Bean(destroyMethod = "close")
    RedisLink redisLink(LettuceConnectionFactory connectionFactory) {
        return RedisLink.open(connectionFactory.getRequiredNativeClient());
    }

    @Bean
    KeyspaceEvents keyspaceEvents(RedisLink redis, DataRedisProperties redisProperties) {
        return new KeyspaceEvents(redis, redisProperties.getCluster() == null ? redisProperties.getDatabase() : 0);
    }

    @Bean
    LocalSubscriptions localSubscriptions(ClusterIdentity identity, RedisLink redis, BoundedExecutor mqttClusterThread) {
        return new LocalSubscriptions(identity.nodeId(), redis, mqttClusterThread);
    }

    @Bean
    RemoteSubscriptions remoteSubscriptions() {
        return new RemoteSubscriptions();
    }

    @Bean
    SubscriptionSync subscriptionSync(ClusterIdentity identity, RedisLink redis, BoundedExecutor mqttClusterThread,
            LocalSubscriptions local, RemoteSubscriptions remote, KeyspaceEvents events) {
        return new SubscriptionSync(identity.nodeId(), redis, mqttClusterThread, local, remote, events);
    }

    @Bean
    ParkedSessionExpiry parkedSessionExpiry(RedisLink redis, BoundedExecutor mqttClusterThread,
            RemoteSubscriptions remote, KeyspaceEvents events) {
        return new ParkedSessionExpiry(redis, mqttClusterThread, remote, events);
    }

    @Bean
    Forwarder forwarder(RedisLink redis, BoundedExecutor mqttClusterThread, ClusterProperties properties) {
        return new Forwarder(redis, mqttClusterThread, properties.getInboxMaxLength());
    }

    @Bean
    MessageRouter messageRouter(SubscriptionTree subscriptionTree, RemoteSubscriptions remote,
            SessionRegistry sessionRegistry, Forwarder forwarder, SessionHandover handover, PetrelProperties properties) {
        return new MessageRouter(subscriptionTree.and(remote),
                new ClusterDeliveryTarget(sessionRegistry, remote, forwarder, handover),
                properties.getSharedSubscriptionStrategy());
    }

    @Bean
    SessionQueues sessionQueues(RedisLink redis, PetrelProperties properties) {
        return new SessionQueues(redis, new SessionSettings(properties.getMaxInflightMessages(),
                properties.getSession().getMaxQueuedMessages(), properties.getSession().getDropPolicy()));
    }

    /** Dead nodes go to the reaper, looked up late: the reaper publishes wills through the router, which needs this. */
    @Bean
    LiveNodes liveNodes(ClusterIdentity identity, RedisLink redis, ObjectProvider<NodeReaper> reaper) {
        return new LiveNodes(identity.nodeId(), redis, dead -> reaper.getObject().reap(dead));
    }

    @Bean
    NodeReaper nodeReaper(ClusterIdentity identity, RedisLink redis, BoundedExecutor mqttClusterThread,
            SessionQueues queues, MessagePublisher publisher, ClusterProperties properties) {
        return new NodeReaper(identity.nodeId(), redis, mqttClusterThread, queues, publisher,
                properties.getNodeTimeout().multipliedBy(6));
    }

    @Bean
    RedisSessionStore redisSessionStore(ClusterIdentity identity, RedisLink redis, BoundedExecutor mqttClusterThread,
            Forwarder forwarder, SessionQueues queues, LiveNodes liveNodes, ClusterProperties properties) {
        return new RedisSessionStore(identity.nodeId(), redis, mqttClusterThread, forwarder, queues, liveNodes,
                properties.getReleaseTimeout());
    }

    @Bean
    SessionHandover sessionHandover(ClusterIdentity identity, SessionRegistry sessionRegistry, LocalSubscriptions local,
            RedisSessionStore store, SessionQueues queues, Forwarder forwarder, LiveNodes liveNodes,
            BoundedExecutor mqttClusterThread) {
        return new SessionHandover(identity.nodeId(), sessionRegistry, local, store, queues, forwarder, liveNodes,
                mqttClusterThread);
    }

    @Bean
    Inbox inbox(ClusterIdentity identity, RedisLink redis, SessionRegistry sessionRegistry, SessionHandover handover,
            @Qualifier(MqttStorageAutoConfiguration.TIMERS) ScheduledExecutorService timers) {
        return new Inbox(identity.nodeId(), redis, sessionRegistry, handover, timers);
    }

    /** Replaces the in-memory store of {@link MqttStorageAutoConfiguration}, which runs after this one. */
    @Bean
    RedisRetainedMessageStore redisRetainedMessageStore(RedisLink redis, KeyspaceEvents events,
            BoundedExecutor mqttClusterThread, PetrelProperties properties) {
        return new RedisRetainedMessageStore(redis, events, mqttClusterThread, properties.getRetain().getTtl(),
                System::currentTimeMillis);
    }

    @Bean
    ClusterNode clusterNode(ClusterIdentity identity, RedisLink redis, KeyspaceEvents events, SubscriptionSync sync,
            Inbox inbox, LiveNodes liveNodes, SessionHandover handover, NodeReaper reaper,
            ObjectProvider<RedisMirror> mirrors, BoundedExecutor mqttClusterThread,
            @Qualifier(MqttStorageAutoConfiguration.TIMERS) ScheduledExecutorService timers,
            ClusterProperties properties) {
        return new ClusterNode(identity.nodeId(), redis, events, sync, inbox, liveNodes, handover, reaper,
                mirrors.orderedStream().toList(),
                mqttClusterThread, timers,
                new ClusterNode.Timing(properties.getHeartbeatInterval(), properties.getNodeTimeout(),
                        properties.getSyncInterval(), START_TIMEOUT));
    }
}
