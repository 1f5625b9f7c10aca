package io.petrel.cluster;

import io.lettuce.core.XAddArgs;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends forwards to other nodes through their Redis Streams ({@code petrel:inbox:{node}}). A stream rather
 * than Pub/Sub: an entry waits for its node while that node is busy or briefly cut off from Redis, and a
 * node's unread entries outlive it, so nothing is lost just because nobody was listening at that instant.
 * Each stream is trimmed (approximately) to a bound. The publishing event loop only encodes and hands the
 * entry to the cluster thread; one thread keeps the entries of one publisher in order.
 */
public final class Forwarder {

    static final String FIELD = "f";

    private static final Logger log = LoggerFactory.getLogger(Forwarder.class);

    private final RedisLink redis;
    private final Executor clusterThread;
    private final XAddArgs trim;
    private final LongAdder sent = new LongAdder();
    private final LongAdder failed = new LongAdder();

    public Forwarder(RedisLink redis, Executor clusterThread, int inboxMaxLength) {
        this.redis = redis;
        this.clusterThread = clusterThread;
        this.trim = XAddArgs.Builder.maxlen(inboxMaxLength).approximateTrimming();
    }

    void send(String node, Forward forward) {
        byte[] entry = forward.encode();
        try {
            clusterThread.execute(() -> redis.commands().xadd(Keys.inbox(node), trim, Map.of(FIELD, entry))
                    .whenComplete((id, failure) -> {
                        if (failure == null) {
                            sent.increment();
                        } else {
                            failed(node, forward, failure.getMessage());
                        }
                    }));
        } catch (RejectedExecutionException full) {
            failed(node, forward, "the cluster thread is behind");
        }
    }

    /** Sends a message about a session to another node, in order with the forwards sent before it. */
    void send(String node, Control control) {
        byte[] entry = control.encode();
        clusterThread.execute(() -> redis.commands().xadd(Keys.inbox(node), trim, Map.of(Control.FIELD, entry))
                .exceptionally(failure -> {
                    log.debug("Sending {} to node {} failed: {}", control, node, failure.getMessage());
                    return null;
                }));
    }

    private void failed(String node, Forward forward, String why) {
        failed.increment();
        log.debug("Forwarding {} to node {} failed: {}", forward.message(), node, why);
    }

    /** Forwards handed to Redis. */
    public long sent() {
        return sent.sum();
    }

    /** Forwards lost because Redis could not take them (counted, and in the metrics). */
    public long failed() {
        return failed.sum();
    }
}
