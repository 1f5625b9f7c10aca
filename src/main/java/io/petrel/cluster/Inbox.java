package io.petrel.cluster;

import io.lettuce.core.Consumer;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.petrel.session.SessionRegistry;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads this node's forwarding stream and hands each delivery to its session. The read blocks in Redis on a
 * connection of its own (no thread waits), as a consumer group, so an entry is acknowledged, and then
 * deleted, only after its deliveries were handed to the sessions. When Redis is unreachable it tries again
 * every second.
 */
public final class Inbox implements AutoCloseable {

    private static final String GROUP = "petrel";
    private static final int BATCH = 256;
    private static final long BLOCK_MILLIS = 1000;
    private static final Logger log = LoggerFactory.getLogger(Inbox.class);

    private final String key;
    private final Consumer<String> consumer;
    private final RedisLink redis;
    private final RedisClusterAsyncCommands<String, byte[]> reader;
    private final SessionRegistry sessions;
    private final ScheduledExecutorService timers;
    private final LongAdder received = new LongAdder();
    private final LongAdder undeliverable = new LongAdder();
    private volatile boolean closed;

    public Inbox(String nodeId, RedisLink redis, SessionRegistry sessions, ScheduledExecutorService timers) {
        this.key = Keys.inbox(nodeId);
        this.consumer = Consumer.from(GROUP, nodeId);
        this.redis = redis;
        this.reader = redis.dedicatedConnection();
        this.sessions = sessions;
        this.timers = timers;
    }

    /** Creates the stream and its group when missing, and starts reading what arrives from now on. */
    public void start() {
        reader.xgroupCreate(XReadArgs.StreamOffset.from(key, "$"), GROUP, XGroupCreateArgs.Builder.mkstream())
                .whenComplete((ok, failure) -> {
                    if (failure != null && !String.valueOf(failure.getMessage()).startsWith("BUSYGROUP")) {
                        retryLater("creating " + key + " failed: " + failure.getMessage());
                        return;
                    }
                    read();
                });
    }

    private void read() {
        if (closed) {
            return;
        }
        reader.xreadgroup(consumer, XReadArgs.Builder.block(BLOCK_MILLIS).count(BATCH),
                        XReadArgs.StreamOffset.lastConsumed(key))
                .whenComplete((entries, failure) -> {
                    if (failure != null) {
                        retryLater("reading " + key + " failed: " + failure.getMessage());
                        return;
                    }
                    if (!entries.isEmpty()) {
                        handOver(entries);
                    }
                    read();
                });
    }

    private void handOver(List<StreamMessage<String, byte[]>> entries) {
        String[] ids = new String[entries.size()];
        for (int i = 0; i < ids.length; i++) {
            StreamMessage<String, byte[]> entry = entries.get(i);
            ids[i] = entry.getId();
            byte[] body = entry.getBody().get(Forwarder.FIELD);
            try {
                Forward forward = Forward.decode(body);
                received.increment();
                for (Forward.Recipient recipient : forward.recipients()) {
                    if (!sessions.deliver(recipient.clientId(), recipient.delivery())) {
                        undeliverable.increment();
                    }
                }
            } catch (IOException | RuntimeException unreadable) {
                log.warn("Dropping unreadable forward {} in {}: {}", entry.getId(), key, unreadable.getMessage());
            }
        }
        redis.commands().xack(key, GROUP, ids).thenCompose(acked -> redis.commands().xdel(key, ids));
    }

    private void retryLater(String why) {
        if (closed) {
            return;
        }
        log.debug("{}; trying again in 1 s", why);
        timers.schedule(this::start, 1, TimeUnit.SECONDS);
    }

    /** Forwards received from other nodes. */
    public long received() {
        return received.sum();
    }

    /** Deliveries whose client had no session here any more when they arrived. */
    public long undeliverable() {
        return undeliverable.sum();
    }

    @Override
    public void close() {
        closed = true;
    }
}
