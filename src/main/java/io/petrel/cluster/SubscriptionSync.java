package io.petrel.cluster;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps {@link RemoteSubscriptions} equal to the {@code petrel:subs:*} hashes. A keyspace event on one hash
 * re-reads that hash. Notifications are fire-and-forget, so they are never the only source: every change also
 * increments {@code petrel:version:subs}, and {@link #check()} compares how far the counter moved with how
 * many events arrived; a gap, a reconnect, or a failed read starts a full resync from the keys. A resync also
 * writes this node's own subscriptions again and turns the notifications back on: a Redis that restarted is
 * empty and has forgotten both.
 */
public final class SubscriptionSync {

    private static final Logger log = LoggerFactory.getLogger(SubscriptionSync.class);
    private static final int SCAN_BATCH = 1000;

    private final String nodeId;
    private final RedisLink redis;
    private final Executor clusterThread;
    private final LocalSubscriptions local;
    private final RemoteSubscriptions remote;
    private final KeyspaceEvents events;
    private final AtomicLong eventsSinceResync = new AtomicLong();
    private final AtomicBoolean resyncing = new AtomicBoolean();
    private final CompletableFuture<Void> firstSync = new CompletableFuture<>();
    /** Cluster thread only. */
    private long versionAtResync;
    private long versionAtLastCheck;
    private volatile long resyncs;

    public SubscriptionSync(String nodeId, RedisLink redis, Executor clusterThread, LocalSubscriptions local,
            RemoteSubscriptions remote, KeyspaceEvents events) {
        this.nodeId = nodeId;
        this.redis = redis;
        this.clusterThread = clusterThread;
        this.local = local;
        this.remote = remote;
        this.events = events;
        events.on(Keys.SUBSCRIPTIONS, this::onKeyspaceEvent);
    }

    /** Completes when the first full sync is done: readiness waits for it. */
    public CompletionStage<Void> firstSync() {
        return firstSync;
    }

    public boolean isSynced() {
        return firstSync.isDone() && !resyncing.get();
    }

    private void onKeyspaceEvent(String key, String event) {
        if (!event.equals("hset") && !event.equals("hdel")) {
            return; // a hash emptied by HDEL also sends "del"; each change is counted once, by its hash event
        }
        eventsSinceResync.incrementAndGet();
        refresh(key.substring(Keys.SUBSCRIPTIONS.length()));
    }

    private void refresh(String filter) {
        redis.commands().hgetall(Keys.subscriptions(filter)).whenComplete((fields, failure) -> {
            if (failure != null) {
                resync("reading " + filter + " failed: " + failure.getMessage());
                return;
            }
            clusterThread.execute(() -> remote.replace(filter, othersOnly(filter, fields)));
        });
    }

    /**
     * Called every sync interval on the cluster thread: rewrites this node's subscriptions if a write failed,
     * and starts a full resync when the change counter moved further than the events that arrived.
     */
    void check() {
        if (local.publishAllIfDirty()) {
            resync("a subscription change could not be written to Redis");
            return;
        }
        redis.commands().get(Keys.SUBSCRIPTIONS_VERSION).whenComplete((value, failure) -> {
            if (failure != null) {
                return; // Redis is down; the reconnect resyncs
            }
            long version = Replies.counter(value);
            clusterThread.execute(() -> compare(version));
        });
    }

    private void compare(long version) {
        long previous = versionAtLastCheck;
        versionAtLastCheck = version;
        // The events of the changes counted at the previous check have had a whole interval to arrive.
        if (!resyncing.get() && previous - versionAtResync > eventsSinceResync.get()) {
            resync("subscription changes were missed (counter " + version + ")");
        }
    }

    /** Reads every subscription hash again, and writes this node's own subscriptions again. */
    public void resync(String reason) {
        if (!resyncing.compareAndSet(false, true)) {
            return;
        }
        log.info("Resynchronising cluster subscriptions from Redis: {}", reason);
        events.ensureEnabled();
        // This node's own rewrite is finished before the counter is read: were its increments split around the
        // read, the next check would count a change whose event came before the reset, and resync again.
        CompletableFuture<Void> republished = new CompletableFuture<>();
        clusterThread.execute(() -> local.publishAll().whenComplete((done, failure) -> republished.complete(null)));
        republished.thenCompose(done -> redis.commands().get(Keys.SUBSCRIPTIONS_VERSION))
                .thenCompose(version -> {
                    eventsSinceResync.set(0);
                    long counted = Replies.counter(version);
                    return readAll().thenApply(everything -> Map.entry(counted, everything));
                })
                .whenComplete((result, failure) -> clusterThread.execute(() -> {
                    resyncing.set(false);
                    if (failure != null) {
                        log.warn("Cluster subscription resync failed (tried again at the next check): {}",
                                failure.getMessage());
                        versionAtLastCheck = Long.MAX_VALUE; // forces the next check to resync
                        return;
                    }
                    versionAtResync = result.getKey();
                    versionAtLastCheck = result.getKey();
                    remote.replaceAll(result.getValue());
                    resyncs++;
                    firstSync.complete(null);
                }));
    }

    private CompletionStage<Map<String, Map<String, SubscriptionEntry>>> readAll() {
        Map<String, Map<String, SubscriptionEntry>> everything = new HashMap<>();
        List<CompletableFuture<Void>> reads = new ArrayList<>();
        return redis.scan(Keys.SUBSCRIPTIONS + "*", SCAN_BATCH, keys -> {
            for (String key : keys) {
                String filter = key.substring(Keys.SUBSCRIPTIONS.length());
                reads.add(redis.commands().hgetall(key).thenAccept(fields -> {
                    synchronized (everything) {
                        everything.put(filter, othersOnly(filter, fields));
                    }
                }).toCompletableFuture());
            }
        }).thenCompose(done -> CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new)))
                .thenApply(done -> everything);
    }

    /**
     * The entries of other nodes. A field that names this node for a subscription it does not hold was left by
     * an earlier run of this node (a crash, a lost removal): it is removed from Redis.
     */
    private Map<String, SubscriptionEntry> othersOnly(String filter, Map<String, byte[]> fields) {
        Map<String, SubscriptionEntry> others = new HashMap<>();
        fields.forEach((clientId, value) -> {
            SubscriptionEntry entry;
            try {
                entry = SubscriptionEntry.decode(value);
            } catch (IllegalArgumentException unreadable) {
                log.warn("Ignoring unreadable subscription field {} of {}: {}", clientId, filter, unreadable.getMessage());
                return;
            }
            if (!entry.nodeId().equals(nodeId)) {
                others.put(clientId, entry);
            } else if (!local.holds(clientId, filter)) {
                local.deleteStale(clientId, filter);
            }
        });
        return others;
    }

    /** How many subscriptions of other nodes this node knows. */
    public int remoteCount() {
        return remote.size();
    }

    public long resyncs() {
        return resyncs;
    }
}
