package io.petrel.cluster;

import io.lettuce.core.XAddArgs;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends forwards and control messages to other nodes through their Redis Streams
 * ({@code petrel:inbox:{node}}). A stream rather than Pub/Sub: an entry waits for its node while that node is
 * busy or briefly cut off from Redis, and a node's unread entries outlive it, so nothing is lost just because
 * nobody was listening at that instant. Each stream is trimmed (approximately) to a bound.
 *
 * <p>The publishing event loop only encodes and queues; the cluster thread sends. What queued up for one node
 * while the cluster thread was busy goes out as one {@link InboxBatch} entry (up to {@value #MAX_BATCH} items),
 * so under load a burst costs one XADD, and a lone message still leaves at once. One queue per node keeps the
 * order in which messages were sent to it.
 */
public final class Forwarder {

    static final int MAX_BATCH = 256;

    private static final Logger log = LoggerFactory.getLogger(Forwarder.class);

    /** What waits to be sent to one node, and whether a flush is already on its way. */
    private static final class Outgoing {
        final Queue<InboxBatch.Item> items = new ConcurrentLinkedQueue<>();
        final AtomicBoolean flushScheduled = new AtomicBoolean();
    }

    private final RedisLink redis;
    private final Executor clusterThread;
    private final XAddArgs trim;
    private final Map<String, Outgoing> outgoing = new ConcurrentHashMap<>();
    private final LongAdder sent = new LongAdder();
    private final LongAdder failed = new LongAdder();

    public Forwarder(RedisLink redis, Executor clusterThread, int inboxMaxLength) {
        this.redis = redis;
        this.clusterThread = clusterThread;
        this.trim = XAddArgs.Builder.maxlen(inboxMaxLength).approximateTrimming();
    }

    /** Sends a message to the node's clients that it lists; any thread. */
    void send(String node, Forward forward) {
        queue(node, new InboxBatch.Item(false, forward.encode()));
    }

    /** Sends a message about a session to another node, in order with the forwards sent before it. */
    void send(String node, Control control) {
        queue(node, new InboxBatch.Item(true, control.encode()));
    }

    private void queue(String node, InboxBatch.Item item) {
        Outgoing toNode = outgoing.computeIfAbsent(node, ignored -> new Outgoing());
        toNode.items.add(item);
        if (toNode.flushScheduled.compareAndSet(false, true)) {
            try {
                clusterThread.execute(() -> flush(node, toNode));
            } catch (RejectedExecutionException full) {
                toNode.flushScheduled.set(false);
                drop(node, toNode.items.size(), "the cluster thread is behind");
                toNode.items.clear();
            }
        }
    }

    /** On the cluster thread: sends everything queued for the node, {@value #MAX_BATCH} items per entry. */
    private void flush(String node, Outgoing toNode) {
        toNode.flushScheduled.set(false); // what arrives from now on schedules another flush
        List<InboxBatch.Item> batch = new ArrayList<>();
        InboxBatch.Item item;
        while ((item = toNode.items.poll()) != null) {
            batch.add(item);
            if (batch.size() == MAX_BATCH) {
                xadd(node, batch);
                batch = new ArrayList<>();
            }
        }
        if (!batch.isEmpty()) {
            xadd(node, batch);
        }
    }

    private void xadd(String node, List<InboxBatch.Item> batch) {
        int forwards = (int) batch.stream().filter(item -> !item.control()).count();
        redis.commands().xadd(Keys.inbox(node), trim, Map.of(InboxBatch.FIELD, InboxBatch.encode(batch)))
                .whenComplete((id, failure) -> {
                    if (failure == null) {
                        sent.add(forwards);
                    } else {
                        drop(node, forwards, failure.getMessage());
                    }
                });
    }

    private void drop(String node, int forwards, String why) {
        failed.add(forwards);
        log.debug("Forwarding {} messages to node {} failed: {}", forwards, node, why);
    }

    /** Forwards handed to Redis. */
    public long sent() {
        return sent.sum();
    }

    /** Forwards lost because Redis could not take them (counted, and in the health details). */
    public long failed() {
        return failed.sum();
    }
}
