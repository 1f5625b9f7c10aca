package io.petrel.cluster;

import io.lettuce.core.ScriptOutputType;
import io.petrel.routing.Subscription;
import io.petrel.routing.SubscriptionChanges;
import io.petrel.routing.TopicFilter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes this node's subscriptions to Redis as they change, so that the other nodes route matching
 * messages here. The sessions' event loops only hand each change to the cluster thread; the Redis write
 * happens there. A change that could not be written (Redis down, queue full) is not retried one by one: it
 * marks the set dirty, and {@link #publishAllIfDirty()} (every sync interval, and after a reconnect) writes the
 * whole set again, which heals any gap.
 */
public final class LocalSubscriptions implements SubscriptionChanges {

    /** Deletes a client's field only while it still names this node: a node it moved to has rewritten it. */
    static final String DELETE_IF_OWNED = """
            local entry = redis.call('HGET', KEYS[1], ARGV[1])
            if entry and string.sub(entry, 1, string.len(ARGV[2])) == ARGV[2] then
              redis.call('HDEL', KEYS[1], ARGV[1])
              return 1
            end
            return 0
            """;

    /** Deletes a session's subscription field only while this node owns the session. */
    private static final String DELETE_IF_SESSION_OWNED = """
            if redis.call('HGET', KEYS[1], 'node') == ARGV[2] then
              redis.call('HDEL', KEYS[1], ARGV[1])
            end
            return 0
            """;

    /** The prefix of the subscription fields in a session's hash: {@code s:<filter>}. */
    static final String SESSION_FIELD = "s:";

    private static final Logger log = LoggerFactory.getLogger(LocalSubscriptions.class);

    private final String nodeId;
    private final byte[] ownerPrefix;
    private final RedisLink redis;
    private final Executor clusterThread;
    private final Map<String, Subscription> current = new ConcurrentHashMap<>();
    private final AtomicBoolean dirty = new AtomicBoolean();
    /** Clients whose sessions are being handed to another node: their subscriptions go with them, untouched. */
    private final Set<String> movingAway = ConcurrentHashMap.newKeySet();

    public LocalSubscriptions(String nodeId, RedisLink redis, Executor clusterThread) {
        this.nodeId = nodeId;
        this.ownerPrefix = (nodeId + '|').getBytes(StandardCharsets.UTF_8);
        this.redis = redis;
        this.clusterThread = clusterThread;
    }

    @Override
    public void added(Subscription subscription) {
        current.put(key(subscription.clientId(), subscription.filter()), subscription);
        onClusterThread(() -> write(subscription));
    }

    @Override
    public void removed(String clientId, TopicFilter filter) {
        current.remove(key(clientId, filter));
        if (!movingAway.contains(clientId)) {
            onClusterThread(() -> delete(clientId, filter));
        }
    }

    /** The client's session is leaving for another node: its subscriptions stay in Redis as they are. */
    void beginMove(String clientId) {
        movingAway.add(clientId);
    }

    void endMove(String clientId) {
        movingAway.remove(clientId);
    }

    /** Whether a client of this node holds a subscription to the filter right now. */
    boolean holds(String clientId, String filter) {
        return current.containsKey(filter + '\u0000' + clientId);
    }

    /** Writes every subscription of this node again: after Redis was unreachable. */
    CompletableFuture<Void> publishAll() {
        dirty.set(false);
        return CompletableFuture.allOf(current.values().stream().map(this::write).toArray(CompletableFuture[]::new));
    }

    /**
     * Writes every subscription again when a change could not be written since the last time; returns
     * whether it did (a removal that failed also needs the resync's clean-up of stale fields).
     */
    boolean publishAllIfDirty() {
        if (!dirty.get()) {
            return false;
        }
        publishAll();
        return true;
    }

    /**
     * Removes a field that names this node for a subscription this node does not hold (left by a crash or a
     * lost removal), unless the client's session still exists in Redis: a persistent session of an earlier run
     * of this node keeps receiving (its messages are queued) until its client comes back.
     */
    void deleteStale(String clientId, String filter) {
        // Two steps rather than one script: in Redis Cluster the session's key and the filter's key live on
        // different masters. The field is removed from the cluster thread, after checking that no subscription
        // was made since; a later write of it goes the same way, to the same master, so it comes after.
        redis.commands().exists(Keys.session(clientId)).whenComplete((sessions, failure) -> {
            if (failure != null) {
                dirty.set(true); // the resync that follows looks at the field again
            } else if (sessions == 0) {
                onClusterThread(() -> {
                    if (!holds(clientId, filter)) {
                        TopicFilter.parse(filter).ifPresent(parsed -> deleteField(clientId, parsed));
                    }
                });
            }
        });
    }

    /** Writes one subscription and counts the change; completes when both are done, failed or not. */
    private CompletableFuture<?> write(Subscription subscription) {
        String key = Keys.subscriptions(subscription.filter().text());
        byte[] entry = SubscriptionEntry.of(nodeId, subscription).encode();
        redis.commands().hset(Keys.session(subscription.clientId()), SESSION_FIELD + subscription.filter().text(), entry);
        return redis.commands().hset(key, subscription.clientId(), entry)
                .thenCompose(ignored -> redis.commands().incr(Keys.SUBSCRIPTIONS_VERSION))
                .exceptionally(failure -> {
                    dirty.set(true);
                    log.debug("Publishing subscription {} to Redis failed (it is written again on reconnect): {}",
                            key, failure.getMessage());
                    return null;
                }).toCompletableFuture();
    }

    private void delete(String clientId, TopicFilter filter) {
        redis.commands().eval(DELETE_IF_SESSION_OWNED, ScriptOutputType.INTEGER, new String[] {Keys.session(clientId)},
                (SESSION_FIELD + filter.text()).getBytes(StandardCharsets.UTF_8), nodeId.getBytes(StandardCharsets.UTF_8));
        deleteField(clientId, filter);
    }

    /** Removes the client's field of the filter's hash while it names this node, and counts the change. */
    private void deleteField(String clientId, TopicFilter filter) {
        String key = Keys.subscriptions(filter.text());
        redis.commands().<Long>eval(DELETE_IF_OWNED, ScriptOutputType.INTEGER, new String[] {key},
                        clientId.getBytes(StandardCharsets.UTF_8), ownerPrefix)
                .thenCompose(deleted -> deleted == 1L ? redis.commands().incr(Keys.SUBSCRIPTIONS_VERSION)
                        : CompletableFuture.completedFuture(0L))
                .exceptionally(failure -> {
                    dirty.set(true);
                    log.debug("Removing subscription {} from Redis failed (written again with the whole set): {}", key,
                            failure.getMessage());
                    return null;
                });
    }

    private void onClusterThread(Runnable write) {
        try {
            clusterThread.execute(write);
        } catch (RejectedExecutionException full) {
            dirty.set(true);
            log.warn("Cluster thread is behind; subscription change will be published with the next resync");
        }
    }

    private static String key(String clientId, TopicFilter filter) {
        return filter.text() + '\u0000' + clientId;
    }
}
