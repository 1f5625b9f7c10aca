package io.petrel.cluster;

import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisConnectionStateListener;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * This node's membership in the cluster. On start it makes sure keyspace notifications arrive, starts its
 * heartbeat and its inbox, and returns only after the first full subscription sync and the first load of each
 * {@link RedisMirror} (retained messages), so readiness (which follows the application's start) waits for
 * them; before the MQTT listeners open (an earlier phase). It notices Redis outages through Lettuce's
 * connection events and resyncs and reloads when Redis is back.
 */
public final class ClusterNode implements SmartLifecycle, RedisConnectionStateListener {

    /** Starts before the MQTT listeners and stops after them. */
    public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 2048;

    private static final Logger log = LoggerFactory.getLogger(ClusterNode.class);

    private final String nodeId;
    private final RedisLink redis;
    private final KeyspaceEvents events;
    private final SubscriptionSync sync;
    private final Inbox inbox;
    private final LiveNodes liveNodes;
    private final SessionHandover handover;
    private final NodeReaper reaper;
    private final List<RedisMirror> mirrors;
    private final Executor clusterThread;
    private final ScheduledExecutorService timers;
    private final Duration heartbeatInterval;
    private final Duration nodeTimeout;
    private final Duration syncInterval;
    private final Duration startTimeout;
    /** The connections Lettuce reported down and not yet back: Redis is reachable again when none is left. */
    private final Set<RedisChannelHandler<?, ?>> disconnected = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean redisConnected = new AtomicBoolean(true);
    private volatile boolean running;
    private @Nullable ScheduledFuture<?> heartbeat;
    private @Nullable ScheduledFuture<?> checks;

    public record Timing(Duration heartbeatInterval, Duration nodeTimeout, Duration syncInterval, Duration startTimeout) {}

    public ClusterNode(String nodeId, RedisLink redis, KeyspaceEvents events, SubscriptionSync sync, Inbox inbox,
            LiveNodes liveNodes, SessionHandover handover, NodeReaper reaper, List<RedisMirror> mirrors,
            Executor clusterThread, ScheduledExecutorService timers, Timing timing) {
        this.nodeId = nodeId;
        this.redis = redis;
        this.events = events;
        this.sync = sync;
        this.inbox = inbox;
        this.liveNodes = liveNodes;
        this.handover = handover;
        this.reaper = reaper;
        this.mirrors = List.copyOf(mirrors);
        this.clusterThread = clusterThread;
        this.timers = timers;
        this.heartbeatInterval = timing.heartbeatInterval();
        this.nodeTimeout = timing.nodeTimeout();
        this.syncInterval = timing.syncInterval();
        this.startTimeout = timing.startTimeout();
    }

    @Override
    public void start() {
        events.start(Keys.probe(nodeId), startTimeout);
        beat();
        liveNodes.join();
        heartbeat = timers.scheduleWithFixedDelay(this::beat, heartbeatInterval.toMillis(),
                heartbeatInterval.toMillis(), TimeUnit.MILLISECONDS);
        inbox.start();
        redis.addStateListener(this);
        sync.resync("node " + nodeId + " starting");
        CompletableFuture<Void> loaded = loadMirrors("node " + nodeId + " starting");
        try {
            sync.firstSync().toCompletableFuture().get(startTimeout.toMillis(), TimeUnit.MILLISECONDS);
            loaded.get(startTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("The first cluster sync took longer than " + startTimeout, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("The first cluster sync failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted during the first cluster sync", e);
        }
        checks = timers.scheduleWithFixedDelay(() -> clusterThread.execute(sync::check), syncInterval.toMillis(),
                syncInterval.toMillis(), TimeUnit.MILLISECONDS);
        running = true;
        log.info("Cluster node {} joined: {} subscriptions of other nodes", nodeId, sync.remoteCount());
    }

    /** Refreshes this node's heartbeat key, and looks at the others' (the dead go to the reaper). */
    private void beat() {
        liveNodes.refresh();
        redis.commands().psetex(Keys.node(nodeId), nodeTimeout.toMillis(),
                        Long.toString(System.currentTimeMillis()).getBytes(StandardCharsets.UTF_8))
                .exceptionally(failure -> null); // Redis down: health says so; the next beat tries again
    }

    @Override
    public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
        if (!running) {
            return;
        }
        disconnected.add(connection);
        if (redisConnected.compareAndSet(true, false)) {
            log.warn("Cluster node {} lost its Redis connection: local delivery continues, other nodes are out of "
                    + "reach until it is back", nodeId);
        }
    }

    @Override
    public void onRedisConnected(RedisChannelHandler<?, ?> connection, SocketAddress address) {
        disconnected.remove(connection);
        disconnected.removeIf(closed -> !closed.isOpen()); // closed on purpose: it will not come back
        // Resync once every connection is back: one that is still down would fail the reads.
        if (running && disconnected.isEmpty() && redisConnected.compareAndSet(false, true)) {
            log.info("Cluster node {} reconnected to Redis at {}", nodeId, address);
            beat();
            sync.resync("reconnected to Redis");
            reloadMirrors("reconnected to Redis");
        }
    }

    /** Loads until it works: the connection that came back first may not be the one the load needs. */
    private void reloadMirrors(String reason) {
        loadMirrors(reason).exceptionally(failure -> {
            if (running) {
                log.warn("Cluster node {} could not reload from Redis (tried again in {}): {}", nodeId, syncInterval,
                        failure.getMessage());
                timers.schedule(() -> reloadMirrors(reason), syncInterval.toMillis(), TimeUnit.MILLISECONDS);
            }
            return null;
        });
    }

    private CompletableFuture<Void> loadMirrors(String reason) {
        return CompletableFuture.allOf(mirrors.stream().map(mirror -> mirror.load(reason).toCompletableFuture())
                .toArray(CompletableFuture[]::new));
    }

    /** Whether every Redis connection of this node is up, as far as Lettuce has told. */
    public boolean isRedisConnected() {
        return redisConnected.get();
    }

    public String nodeId() {
        return nodeId;
    }

    @Override
    public void stop() {
        running = false;
        redis.removeStateListener(this);
        cancel(checks);
        cancel(heartbeat);
        inbox.close();
        // The MQTT listeners stopped first (a later phase), so only offline sessions are left here.
        try {
            handover.releaseAll().thenCompose(released -> reaper.leave())
                    .thenCompose(left -> redis.commands().del(Keys.node(nodeId)))
                    .get(startTimeout.toMillis(), TimeUnit.MILLISECONDS);
            log.info("Cluster node {} left: its persistent sessions wait in Redis for their clients", nodeId);
        } catch (ExecutionException | TimeoutException e) {
            log.warn("Cluster node {} could not hand its sessions to Redis ({}); the others clean up after its "
                    + "heartbeat expires", nodeId, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void cancel(@Nullable ScheduledFuture<?> task) {
        if (task != null) {
            task.cancel(false);
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
