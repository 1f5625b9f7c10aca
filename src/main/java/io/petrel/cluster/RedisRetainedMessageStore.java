package io.petrel.cluster;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.petrel.message.Message;
import io.petrel.retain.RetainedIndex;
import io.petrel.retain.RetainedMessageStore;
import io.petrel.routing.TopicFilter;
import io.petrel.routing.TopicName;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retained messages in Redis, one key per topic ({@code petrel:retained:{topic}}), with a {@code PX} expiry
 * when the store's TTL or the message's expiry applies (the sooner), so Redis removes them. Every node answers
 * lookups from an index of its own, a topic tree kept current by keyspace notifications: any {@code set},
 * {@code del} or {@code expired} event on a key reads that key again (value and remaining time, atomically).
 * Reading rather than applying the event keeps the index right whatever order events and replies arrive in:
 * the last reply for a key always follows the last change. An entry carries when it is due to go, and a
 * lookup skips it from then on, so a late {@code expired} event never serves a stale message.
 *
 * <p>{@link #put} updates the index at once, so this node's subscribers see the message at once, and hands
 * the write to the cluster thread: the caller is an event loop. While Redis is unreachable writes fail
 * (logged at debug) and the index still changes; the full {@link #load} after the reconnect puts Redis's view back.
 */
public final class RedisRetainedMessageStore implements RetainedMessageStore, RedisMirror {

    /**
     * An indexed message, when it is due to go (epoch milliseconds on this node's clock, or
     * {@link Message#NEVER}), and the index change that stored it.
     */
    private record Retained(String topic, Message message, long removeAt, long change) implements RetainedIndex.Entry {}

    /** The value and the remaining time of one key, read together: {value or nil, PTTL}. */
    private static final String READ = "return {redis.call('GET', KEYS[1]), redis.call('PTTL', KEYS[1])}";

    private static final int SCAN_BATCH = 1000;

    private static final Logger log = LoggerFactory.getLogger(RedisRetainedMessageStore.class);

    private final RedisLink redis;
    private final Executor clusterThread;
    private final @Nullable Duration ttl;
    private final LongSupplier clock;
    private final RetainedIndex<Retained> index = new RetainedIndex<>();
    /** Numbers every change of the index, so a full load knows which entries are older than itself. */
    private final AtomicLong changes = new AtomicLong();

    /**
     * @param ttl how long a retained message lives at most, or null
     * @param clock the current time in epoch milliseconds
     */
    public RedisRetainedMessageStore(RedisLink redis, KeyspaceEvents events, Executor clusterThread,
            @Nullable Duration ttl, LongSupplier clock) {
        this.redis = redis;
        this.clusterThread = clusterThread;
        this.ttl = ttl;
        this.clock = clock;
        events.on(Keys.RETAINED, this::onKeyspaceEvent);
    }

    @Override
    public CompletionStage<Void> put(Message message) {
        String topic = message.topic();
        long now = clock.getAsLong();
        long removeAt = ttl == null ? message.expiresAt() : Math.min(message.expiresAt(), now + ttl.toMillis());
        boolean delete = message.payload().length == 0 || removeAt <= now;
        Retained retained = delete ? null : new Retained(topic, message, removeAt, changes.incrementAndGet());
        index.set(TopicName.levels(topic), retained);
        try {
            clusterThread.execute(() -> write(topic, retained));
        } catch (RejectedExecutionException full) {
            writeFailed(topic, "the cluster thread is behind");
        }
        return CompletableFuture.completedFuture(null);
    }

    /** Writes one topic's retained message to Redis, or deletes it; on the cluster thread. */
    private void write(String topic, @Nullable Retained retained) {
        String key = Keys.retained(topic);
        long remaining = retained == null ? 0 : retained.removeAt() - clock.getAsLong();
        CompletionStage<?> command;
        if (retained == null || remaining <= 0) {
            command = redis.commands().del(key);
        } else if (retained.removeAt() == Message.NEVER) {
            command = redis.commands().set(key, MessageCodec.encode(retained.message()));
        } else {
            command = redis.commands().set(key, MessageCodec.encode(retained.message()), SetArgs.Builder.px(remaining));
        }
        command.exceptionally(failure -> {
            writeFailed(topic, failure.getMessage());
            return null;
        });
    }

    private void writeFailed(String topic, String why) {
        log.debug("Writing retained message of {} to Redis failed (the index has it; reloaded from Redis on "
                + "reconnect): {}", topic, why);
    }

    private void onKeyspaceEvent(String key, String event) {
        // "expire" (a TTL set along with the value) changes nothing the "set" of the same write does not say.
        if (event.equals("set") || event.equals("del") || event.equals("expired")) {
            read(key).exceptionally(failure -> {
                log.debug("Reading retained key {} failed (reloaded from Redis on reconnect): {}", key,
                        failure.getMessage());
                return null;
            });
        }
    }

    /** Reads one key and indexes what it holds now; completes when the index has it. */
    private CompletableFuture<Void> read(String key) {
        String topic = key.substring(Keys.RETAINED.length());
        return redis.commands().<List<Object>>eval(READ, ScriptOutputType.MULTI, key).thenAccept(reply -> {
            Retained current = decode(topic, reply);
            index.set(TopicName.levels(topic), current);
        }).toCompletableFuture();
    }

    private @Nullable Retained decode(String topic, List<Object> reply) {
        if (!(reply.get(0) instanceof byte[] value) || !(reply.get(1) instanceof Long remaining) || remaining == -2) {
            return null; // gone
        }
        Message message;
        try {
            message = MessageCodec.decode(value);
        } catch (IOException | RuntimeException unreadable) {
            log.warn("Ignoring the unreadable retained message of {}: {}", topic, unreadable.getMessage());
            return null;
        }
        // The remaining time, not an absolute one, so clocks of nodes that differ do not matter.
        long removeAt = remaining < 0 ? message.expiresAt()
                : Math.min(message.expiresAt(), clock.getAsLong() + remaining);
        return new Retained(topic, message, removeAt, changes.incrementAndGet());
    }

    /**
     * Reads every retained key, pipelined, and then removes the entries that Redis no longer has. Entries
     * changed while it runs are left as they are: they come from a newer read or a newer put.
     */
    @Override
    public CompletionStage<Void> load(String reason) {
        log.info("Loading retained messages from Redis: {}", reason);
        long startedAt = changes.get();
        Set<String> inRedis = ConcurrentHashMap.newKeySet();
        List<CompletableFuture<Void>> reads = new ArrayList<>();
        return redis.scan(Keys.RETAINED + "*", SCAN_BATCH, keys -> {
            for (String key : keys) {
                inRedis.add(key.substring(Keys.RETAINED.length()));
                reads.add(read(key)); // on the one thread that walks the pages
            }
        }).thenCompose(scanned -> CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new))).thenRun(() -> {
            List<Retained> gone = new ArrayList<>();
            index.forEach(retained -> {
                if (retained.change() <= startedAt && !inRedis.contains(retained.topic())) {
                    gone.add(retained);
                }
            });
            gone.forEach(this::removeIfStill);
            log.info("Retained messages loaded from Redis: {} topics indexed", index.size());
        });
    }

    private void removeIfStill(Retained stale) {
        index.removeIfSame(TopicName.levels(stale.topic()), stale);
    }

    @Override
    public CompletionStage<List<Message>> find(TopicFilter filter) {
        // an entry past its expiry is skipped even before Redis's expired event arrives
        return CompletableFuture.completedFuture(index.find(filter, clock.getAsLong()));
    }

    /** How many topics the index holds a retained message for (expired ones until their event arrives). */
    @Override
    public int size() {
        return index.size();
    }
}
