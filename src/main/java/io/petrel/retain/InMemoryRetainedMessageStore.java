package io.petrel.retain;

import io.petrel.message.Message;
import io.petrel.routing.TopicFilter;
import io.petrel.routing.TopicName;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * Retained messages in a topic tree in this process; a lookup walks only the branches a filter can match.
 * A retained message lives until its MQTT 5 message expiry or the store's TTL, whichever comes first: it
 * is never returned after that, and a sweeper on the timers thread removes it. The TTL is the store's
 * policy, not part of the message: subscribers see only the expiry interval the publisher set. Storing a
 * message takes no lock beyond its own topic's node: publishers run on event loops.
 */
public final class InMemoryRetainedMessageStore implements RetainedMessageStore {

    /** A stored message and when the store removes it (epoch milliseconds, or {@link Message#NEVER}). */
    private record Retained(Message message, long removeAt) implements RetainedIndex.Entry {}

    /** A removal due at {@code at}; the sequence keeps equal times apart. */
    private record Removal(long at, long sequence, String[] levels, Retained retained) implements Comparable<Removal> {

        @Override
        public int compareTo(Removal other) {
            int byTime = Long.compare(at, other.at);
            return byTime != 0 ? byTime : Long.compare(sequence, other.sequence);
        }
    }

    /** How often the sweeper looks for expired messages. */
    private static final long SWEEP_INTERVAL_MILLIS = 250;

    private final ConcurrentSkipListSet<Removal> removals = new ConcurrentSkipListSet<>();
    private final AtomicLong removalSequence = new AtomicLong();

    private final RetainedIndex<Retained> index = new RetainedIndex<>();
    private final @Nullable Duration ttl;
    private final LongSupplier clock;

    /** A store whose messages live until replaced or deleted, unless they carry an expiry of their own. */
    public InMemoryRetainedMessageStore() {
        this(null, null, System::currentTimeMillis);
    }

    /**
     * @param ttl how long a retained message lives at most, or null
     * @param timers runs the sweeper that removes expired messages; without it they are only skipped on lookup
     * @param clock the current time in epoch milliseconds
     */
    public InMemoryRetainedMessageStore(@Nullable Duration ttl, @Nullable ScheduledExecutorService timers,
            LongSupplier clock) {
        this.ttl = ttl;
        this.clock = clock;
        if (timers != null) {
            timers.scheduleWithFixedDelay(this::removeExpired, SWEEP_INTERVAL_MILLIS, SWEEP_INTERVAL_MILLIS,
                    TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public CompletionStage<Void> put(Message message) {
        boolean clear = message.payload().length == 0;
        Retained stored = new Retained(message, removeAt(message));
        String[] levels = TopicName.levels(message.topic());
        index.set(levels, clear ? null : stored);
        if (!clear && stored.removeAt() != Message.NEVER) {
            removals.add(new Removal(stored.removeAt(), removalSequence.incrementAndGet(), levels, stored));
        }
        return CompletableFuture.completedFuture(null);
    }

    private long removeAt(Message message) {
        return ttl == null ? message.expiresAt() : Math.min(message.expiresAt(), clock.getAsLong() + ttl.toMillis());
    }

    /** Removes the messages whose time has come; runs on the timers thread (one sweeper at a time). */
    void removeExpired() {
        long now = clock.getAsLong();
        Removal due;
        while ((due = removals.pollFirst()) != null) {
            if (due.at() > now) {
                removals.add(due); // not yet: put it back, and stop
                return;
            }
            index.removeIfSame(due.levels(), due.retained()); // unless a newer message replaced it
        }
    }

    @Override
    public CompletionStage<List<Message>> find(TopicFilter filter) {
        return CompletableFuture.completedFuture(index.find(filter, clock.getAsLong()));
    }

    @Override
    public int size() {
        return index.size();
    }
}
