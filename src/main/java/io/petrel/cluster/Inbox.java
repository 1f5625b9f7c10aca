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
 * Reads this node's forwarding stream and hands each delivery to its session, and each control message to
 * {@link SessionHandover}; a QoS 1 or 2 delivery whose session is no longer here is queued in Redis. The read blocks in Redis on a
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
    private final SessionHandover handover;
    private final ScheduledExecutorService timers;
    private final LongAdder received = new LongAdder();
    private final LongAdder undeliverable = new LongAdder();
    private volatile boolean closed;

    public Inbox(String nodeId, RedisLink redis, SessionRegistry sessions, SessionHandover handover,
            ScheduledExecutorService timers) {
        this.key = Keys.inbox(nodeId);
        this.consumer = Consumer.from(GROUP, nodeId);
        this.redis = redis;
        this.reader = redis.dedicatedConnection();
        this.sessions = sessions;
        this.handover = handover;
        this.timers = timers;
    }

    /**
     * Creates the stream and its group when missing, and starts reading. A new group starts at the beginning
     * of the stream: after Redis lost its data (restarted empty) other nodes may have forwarded entries before
     * this node noticed, and after this node restarted under the same id what waited is for sessions it no
     * longer holds, which the reading queues in Redis for their clients.
     */
    public void start() {
        reader.xgroupCreate(XReadArgs.StreamOffset.from(key, "0"), GROUP, XGroupCreateArgs.Builder.mkstream())
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
            try {
                for (InboxBatch.Item item : InboxBatch.decode(entry.getBody().get(InboxBatch.FIELD))) {
                    if (item.control()) {
                        handover.onControl(item.asControl());
                    } else {
                        deliver(item.forward());
                    }
                }
            } catch (IOException | RuntimeException unreadable) {
                log.warn("Dropping unreadable entry {} in {}: {}", entry.getId(), key, unreadable.getMessage());
            }
        }
        redis.commands().xack(key, GROUP, ids).thenCompose(acked -> redis.commands().xdel(key, ids));
    }

    private void deliver(Forward forward) {
        received.increment();
        for (Forward.Recipient recipient : forward.recipients()) {
            if (!sessions.deliver(recipient.clientId(), recipient.delivery())) {
                // The session left this node in between (moved, or its node was declared dead).
                undeliverable.increment();
                handover.park(recipient.clientId(), recipient.delivery());
            }
        }
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
