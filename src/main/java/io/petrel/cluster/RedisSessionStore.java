package io.petrel.cluster;

import static io.petrel.cluster.Replies.bytes;
import static io.petrel.cluster.Replies.text;

import io.lettuce.core.ScriptOutputType;
import io.petrel.message.Message;
import io.petrel.routing.Subscription;
import io.petrel.routing.TopicFilter;
import io.petrel.session.Session;
import io.petrel.session.SessionStore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sessions in Redis ({@code petrel:session:{clientId}}): which node owns each, with a claim counter (epoch),
 * its expiry interval, its will while connected, and its subscriptions (fields {@code s:<filter>}, kept by
 * {@link LocalSubscriptions}). A connection opening a session this node does not hold claims it with one
 * atomic script; when another live node held it, that node is asked to close its connection (MQTT 5: 0x8E)
 * and put what it held unacknowledged at the head of the session's queue, and this node waits for its answer
 * (at most {@code mqtt.cluster.release-timeout}) before it takes the subscriptions and the queue.
 */
public final class RedisSessionStore implements SessionStore {

    /**
     * Makes the session this node's (a clean start also drops its subscriptions); returns the previous owner
     * ("" for none), whether it existed, and the new epoch.
     */
    private static final String CLAIM = """
            local existed = redis.call('EXISTS', KEYS[1])
            local previous = redis.call('HGET', KEYS[1], 'node') or ''
            local epoch = redis.call('HINCRBY', KEYS[1], 'epoch', 1)
            if ARGV[3] == '1' then
              for _, field in ipairs(redis.call('HKEYS', KEYS[1])) do
                if string.sub(field, 1, 2) == 's:' or field == 'will' then redis.call('HDEL', KEYS[1], field) end
              end
            end
            redis.call('HSET', KEYS[1], 'node', ARGV[1], 'expiry', ARGV[2])
            redis.call('PERSIST', KEYS[1])
            redis.call('PERSIST', KEYS[2])
            return {previous, existed, epoch}
            """;

    /** Forgets a session, only while this node owns it (a newer owner may have claimed it meanwhile). */
    private static final String FORGET_IF_OWNED = """
            if redis.call('HGET', KEYS[1], 'node') == ARGV[1] then
              redis.call('DEL', KEYS[1], KEYS[2])
              return 1
            end
            return 0
            """;

    private static final Logger log = LoggerFactory.getLogger(RedisSessionStore.class);

    private final String nodeId;
    private final RedisLink redis;
    private final Executor clusterThread;
    private final Forwarder forwarder;
    private final SessionQueues queues;
    private final LiveNodes liveNodes;
    private final Duration releaseTimeout;
    private final Map<String, CompletableFuture<Void>> awaitingRelease = new ConcurrentHashMap<>();

    public RedisSessionStore(String nodeId, RedisLink redis, Executor clusterThread, Forwarder forwarder,
            SessionQueues queues, LiveNodes liveNodes, Duration releaseTimeout) {
        this.nodeId = nodeId;
        this.redis = redis;
        this.clusterThread = clusterThread;
        this.forwarder = forwarder;
        this.queues = queues;
        this.liveNodes = liveNodes;
        this.releaseTimeout = releaseTimeout;
    }

    @Override
    public CompletionStage<Claimed> claim(String clientId, boolean cleanStart, long expiryIntervalSeconds) {
        CompletableFuture<Claimed> claimed = new CompletableFuture<>();
        clusterThread.execute(() -> redis.commands().<List<Object>>eval(CLAIM, ScriptOutputType.MULTI,
                        new String[] {Keys.session(clientId), Keys.queue(clientId)}, bytes(nodeId),
                        bytes(Long.toString(expiryIntervalSeconds)), bytes(cleanStart ? "1" : "0"))
                .thenCompose(reply -> {
                    String previous = text(reply.get(0));
                    boolean existed = ((Long) reply.get(1)) == 1L;
                    long epoch = (Long) reply.get(2);
                    redis.commands().sadd(Keys.nodeSessions(nodeId), bytes(clientId));
                    return releasedBy(previous, clientId, epoch, cleanStart)
                            .thenCompose(released -> cleanStart || !existed
                                    ? discard(clientId)
                                    : restore(clientId));
                })
                .whenComplete((result, failure) -> {
                    if (failure != null) {
                        // Redis is unreachable: the session opens here alone, as in memory mode.
                        log.warn("Could not claim the session of {} in Redis ({}); it opens on this node only",
                                clientId, failure.getMessage());
                        claimed.complete(Claimed.NONE);
                    } else {
                        claimed.complete(result);
                    }
                }));
        return claimed;
    }

    /** Asks the previous owner to let go, when it is another live node; completes when it did or time ran out. */
    private CompletionStage<Void> releasedBy(String previous, String clientId, long epoch, boolean discard) {
        if (previous.isEmpty() || previous.equals(nodeId) || !liveNodes.isAlive(previous)) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> released = new CompletableFuture<>();
        String key = clientId + '\u0000' + epoch;
        awaitingRelease.put(key, released);
        forwarder.send(previous, new Control(discard ? Control.Type.DISCARD : Control.Type.RELEASE, clientId, epoch,
                nodeId));
        return released.completeOnTimeout(null, releaseTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((ignored, failure) -> awaitingRelease.remove(key));
    }

    /** The previous owner answered RELEASED (called by the inbox). */
    void onReleased(Control control) {
        CompletableFuture<Void> waiting = awaitingRelease.get(control.clientId() + '\u0000' + control.epoch());
        if (waiting != null) {
            waiting.complete(null);
        }
    }

    private CompletionStage<Claimed> discard(String clientId) {
        return redis.commands().del(Keys.queue(clientId)).thenApply(ignored -> Claimed.NONE);
    }

    /** The subscriptions and the queued messages of a session that existed. */
    private CompletionStage<Claimed> restore(String clientId) {
        return redis.commands().hgetall(Keys.session(clientId)).thenCombine(queues.drain(clientId),
                (fields, held) -> new Claimed(true, subscriptions(clientId, fields), held));
    }

    private static List<Subscription> subscriptions(String clientId, Map<String, byte[]> fields) {
        List<Subscription> subscriptions = new ArrayList<>();
        fields.forEach((field, value) -> {
            if (field.startsWith(LocalSubscriptions.SESSION_FIELD)) {
                TopicFilter.parse(field.substring(LocalSubscriptions.SESSION_FIELD.length())).ifPresent(filter ->
                        subscriptions.add(SubscriptionEntry.decode(value).toSubscription(clientId, filter)));
            }
        });
        return subscriptions;
    }

    @Override
    public void willChanged(String clientId, @Nullable Message will, long delaySeconds) {
        clusterThread.execute(() -> {
            if (will == null) {
                redis.commands().hdel(Keys.session(clientId), "will");
            } else {
                redis.commands().hset(Keys.session(clientId), "will", MessageCodec.encode(will));
            }
        });
    }

    @Override
    public void ended(Session session) {
        String clientId = session.clientId();
        clusterThread.execute(() -> {
            redis.commands().eval(FORGET_IF_OWNED, ScriptOutputType.INTEGER,
                    new String[] {Keys.session(clientId), Keys.queue(clientId)}, bytes(nodeId));
            redis.commands().srem(Keys.nodeSessions(nodeId), bytes(clientId));
        });
    }

    /** A session this node owned moved to another node: it is no longer this node's to reap. */
    void movedAway(String clientId) {
        clusterThread.execute(() -> redis.commands().srem(Keys.nodeSessions(nodeId), bytes(clientId)));
    }
}
