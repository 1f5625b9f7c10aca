package io.petrel.cluster;

import static io.petrel.cluster.Replies.bytes;
import static io.petrel.cluster.Replies.text;

import io.lettuce.core.Range;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.StreamMessage;
import io.petrel.message.Message;
import io.petrel.session.MessagePublisher;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cleans up after a node whose heartbeat expired, on exactly one surviving node (the one that takes the
 * node's reaper lock): publishes the wills of its clients that were connected (each will is taken out of its
 * session in the same script that reads it, so it goes out once); ends its sessions without expiry interval
 * and parks the others (owner "", expiring in Redis after their expiry interval), re-pointing their
 * subscriptions so that messages for them are queued in Redis; and moves what was still unread in its inbox
 * into the queues of the parked sessions. Then it deletes the node's retained {@code $SYS} statistics and
 * removes the node from the members.
 */
public final class NodeReaper {

    /**
     * Returns {status, will, filter...}: status "moved" when another node owns the session now, "ended" or
     * "parked"; will is "" when none.
     */
    private static final String REAP_SESSION = """
            if redis.call('HGET', KEYS[1], 'node') ~= ARGV[1] then
              return {'moved', ''}
            end
            local will = redis.call('HGET', KEYS[1], 'will') or ''
            redis.call('HDEL', KEYS[1], 'will')
            local expiry = tonumber(redis.call('HGET', KEYS[1], 'expiry') or '0')
            local reply = {'parked', will}
            for _, field in ipairs(redis.call('HKEYS', KEYS[1])) do
              if string.sub(field, 1, 2) == 's:' then table.insert(reply, string.sub(field, 3)) end
            end
            if expiry == 0 then
              redis.call('DEL', KEYS[1], KEYS[2])
              reply[1] = 'ended'
            else
              redis.call('HSET', KEYS[1], 'node', '')
              if expiry < 4294967295 then
                redis.call('EXPIRE', KEYS[1], expiry)
                redis.call('EXPIRE', KEYS[2], expiry)
              end
            end
            return reply
            """;

    /** Makes a subscription field that still names the dead node name no node (a parked session). */
    private static final String PARK_FIELD = """
            local entry = redis.call('HGET', KEYS[1], ARGV[1])
            if not entry or string.sub(entry, 1, string.len(ARGV[2])) ~= ARGV[2] then
              return 0
            end
            redis.call('HSET', KEYS[1], ARGV[1], '|' .. string.sub(entry, string.len(ARGV[2]) + 1))
            return 1
            """;

    private static final Logger log = LoggerFactory.getLogger(NodeReaper.class);

    private final String nodeId;
    private final RedisLink redis;
    private final Executor clusterThread;
    private final SessionQueues queues;
    private final MessagePublisher publisher;
    private final Duration lockTime;

    public NodeReaper(String nodeId, RedisLink redis, Executor clusterThread, SessionQueues queues,
            MessagePublisher publisher, Duration lockTime) {
        this.nodeId = nodeId;
        this.redis = redis;
        this.clusterThread = clusterThread;
        this.queues = queues;
        this.publisher = publisher;
        this.lockTime = lockTime;
    }

    /** Reaps the node if this node wins its lock; any thread. */
    public void reap(String deadNode) {
        clusterThread.execute(() -> locked(deadNode, () -> reapLocked(deadNode)));
    }

    /** Runs {@code work} if this node takes the node's reaper lock (it then expires by itself). */
    private CompletableFuture<Void> locked(String deadNode, Supplier<CompletionStage<Void>> work) {
        return redis.commands()
                .set(Keys.reaper(deadNode), bytes(nodeId), SetArgs.Builder.nx().px(lockTime.toMillis()))
                .thenCompose(locked -> "OK".equals(locked) ? work.get() : CompletableFuture.<Void>completedFuture(null))
                .exceptionally(failure -> {
                    log.warn("Cleaning up after node {} failed (another pass retries): {}", deadNode,
                            failure.getMessage());
                    return null;
                }).toCompletableFuture();
    }

    /**
     * This node leaves gracefully: it cleans up after itself at once (its wills were dealt with as its
     * connections closed), so the others do not wait for its heartbeat to expire.
     */
    public CompletableFuture<Void> leave() {
        return locked(nodeId, () -> reapLocked(nodeId));
    }

    private CompletionStage<Void> reapLocked(String deadNode) {
        if (!deadNode.equals(nodeId)) {
            log.info("Node {} is dead (no heartbeat): publishing its clients' wills and freeing its sessions", deadNode);
        }
        return redis.commands().smembers(Keys.nodeSessions(deadNode))
                .thenCompose(clients -> allOf(clients.stream()
                        .map(client -> reapSession(deadNode, new String(client, StandardCharsets.UTF_8))).toList()))
                .thenCompose(done -> moveInbox(deadNode))
                .thenCompose(done -> deleteStatistics(deadNode))
                .thenCompose(done -> redis.commands().del(Keys.nodeSessions(deadNode), Keys.inbox(deadNode)))
                .thenCompose(done -> redis.commands().srem(Keys.NODES, bytes(deadNode)))
                .thenAccept(done -> log.info("Node {} cleaned up", deadNode));
    }

    private CompletionStage<Void> reapSession(String deadNode, String clientId) {
        return redis.commands().<List<Object>>eval(REAP_SESSION, ScriptOutputType.MULTI,
                        new String[] {Keys.session(clientId), Keys.queue(clientId)}, bytes(deadNode))
                .thenCompose(reply -> {
                    String status = text(reply.get(0));
                    if (status.equals("moved")) {
                        return CompletableFuture.completedFuture(null);
                    }
                    publishWill(clientId, (byte[]) reply.get(1));
                    // An ended session's fields go; a parked one's stay, naming no node, so messages queue for it.
                    String script = status.equals("parked") ? PARK_FIELD : LocalSubscriptions.DELETE_IF_OWNED;
                    List<CompletionStage<?>> repoints = new ArrayList<>();
                    for (Object filter : reply.subList(2, reply.size())) {
                        repoints.add(redis.commands().eval(script, ScriptOutputType.INTEGER,
                                new String[] {Keys.subscriptions(text(filter))}, bytes(clientId), bytes(deadNode + '|')));
                    }
                    return allOf(repoints).thenCompose(done -> redis.commands().incr(Keys.SUBSCRIPTIONS_VERSION))
                            .thenApply(ignored -> null);
                });
    }

    private void publishWill(String clientId, byte[] will) {
        if (will.length == 0) {
            return;
        }
        try {
            Message message = MessageCodec.decode(will);
            publisher.publish(message);
            log.info("Published the will of {} (its node died)", clientId);
        } catch (IOException | RuntimeException unreadable) {
            log.warn("Could not publish the will of {}: {}", clientId, unreadable.getMessage());
        }
    }

    /** Queues the forwards the dead node never read for the (now parked) sessions they were meant for. */
    private CompletionStage<Void> moveInbox(String deadNode) {
        return redis.commands().xrange(Keys.inbox(deadNode), Range.create("-", "+"))
                .thenCompose(entries -> {
                    List<CompletionStage<?>> parked = new ArrayList<>();
                    for (StreamMessage<String, byte[]> entry : entries) {
                        try {
                            for (InboxBatch.Item item : InboxBatch.decode(entry.getBody().get(InboxBatch.FIELD))) {
                                if (!item.control()) { // a control message for the dead node: nothing to keep
                                    park(item.forward(), parked);
                                }
                            }
                        } catch (IOException unreadable) {
                            log.warn("Skipping unreadable entry {} of dead node {}", entry.getId(), deadNode);
                        }
                    }
                    return allOf(parked);
                });
    }

    private void park(Forward forward, List<CompletionStage<?>> parked) {
        for (Forward.Recipient recipient : forward.recipients()) {
            if (recipient.delivery().qos().value() > 0) {
                parked.add(queues.park(recipient.clientId(), recipient.delivery()));
            }
        }
    }

    /** The node's retained {@code $SYS/brokers/<node>/} statistics would otherwise stay, stale, for ever. */
    private CompletionStage<Void> deleteStatistics(String deadNode) {
        String pattern = Keys.retained("$SYS/brokers/" + deadNode.replaceAll("([*?\\[\\]\\\\])", "\\\\$1") + "/") + "*";
        List<CompletionStage<?>> deletions = new ArrayList<>();
        return redis.scan(pattern, 1000, keys -> keys.forEach(key -> deletions.add(redis.commands().del(key))))
                .thenCompose(scanned -> allOf(deletions));
    }

    private static CompletionStage<Void> allOf(List<? extends CompletionStage<?>> stages) {
        return CompletableFuture.allOf(stages.stream().map(CompletionStage::toCompletableFuture)
                .toArray(CompletableFuture[]::new));
    }
}
