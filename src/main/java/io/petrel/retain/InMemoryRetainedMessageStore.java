package io.petrel.retain;

import io.petrel.message.Message;
import io.petrel.routing.TopicFilter;
import io.petrel.routing.TopicName;
import io.petrel.routing.TopicTrie;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * Retained messages in a topic tree in this process; a lookup walks only the branches a filter can match.
 * A retained message lives until its MQTT 5 message expiry or the store's TTL, whichever comes first: it
 * is never returned after that, and is removed then. The TTL is the store's policy, not part of the
 * message: subscribers see only the expiry interval the publisher set.
 */
public final class InMemoryRetainedMessageStore implements RetainedMessageStore {

    /** A stored message and when the store removes it (epoch milliseconds, or {@link Message#NEVER}). */
    private record Retained(Message message, long removeAt) {}

    private final TopicTrie<Retained> trie = new TopicTrie<>();
    private final AtomicInteger size = new AtomicInteger();
    private final @Nullable Duration ttl;
    private final @Nullable ScheduledExecutorService timers;
    private final LongSupplier clock;

    /** A store whose messages live until replaced or deleted, unless they carry an expiry of their own. */
    public InMemoryRetainedMessageStore() {
        this(null, null, System::currentTimeMillis);
    }

    /**
     * @param ttl how long a retained message lives at most, or null
     * @param timers removes messages when they expire; without it they are only skipped on lookup
     * @param clock the current time in epoch milliseconds
     */
    public InMemoryRetainedMessageStore(@Nullable Duration ttl, @Nullable ScheduledExecutorService timers,
            LongSupplier clock) {
        this.ttl = ttl;
        this.timers = timers;
        this.clock = clock;
    }

    @Override
    public CompletionStage<Void> put(Message message) {
        boolean clear = message.payload().length == 0;
        Retained stored = new Retained(message, removeAt(message));
        String[] levels = TopicName.levels(message.topic());
        Retained[] replaced = {null};
        trie.compute(levels, current -> {
            replaced[0] = current;
            return clear ? null : stored;
        });
        if (replaced[0] == null && !clear) {
            size.incrementAndGet();
        } else if (replaced[0] != null && clear) {
            size.decrementAndGet();
        }
        if (!clear && stored.removeAt() != Message.NEVER && timers != null) {
            long delay = Math.max(0, stored.removeAt() - clock.getAsLong());
            timers.schedule(() -> removeIfStill(levels, stored), delay, TimeUnit.MILLISECONDS);
        }
        return CompletableFuture.completedFuture(null);
    }

    private long removeAt(Message message) {
        return ttl == null ? message.expiresAt() : Math.min(message.expiresAt(), clock.getAsLong() + ttl.toMillis());
    }

    /** Removes an expired message unless a newer one replaced it meanwhile. */
    private void removeIfStill(String[] levels, Retained expired) {
        boolean[] removed = {false};
        trie.compute(levels, current -> {
            if (current == expired) {
                removed[0] = true;
                return null;
            }
            return current;
        });
        if (removed[0]) {
            size.decrementAndGet();
        }
    }

    @Override
    public CompletionStage<List<Message>> find(TopicFilter filter) {
        List<Retained> found = new ArrayList<>();
        collect(trie.root(), filter.levels(), 0, found);
        long now = clock.getAsLong();
        List<Message> live = new ArrayList<>(found.size());
        for (Retained retained : found) {
            if (now < retained.removeAt()) { // an expired one's removal may still be on the way
                live.add(retained.message());
            }
        }
        return CompletableFuture.completedFuture(live);
    }

    private static void collect(TopicTrie.Node<Retained> node, String[] filter, int index, List<Retained> found) {
        if (index == filter.length) {
            addValue(node, found);
            return;
        }
        String level = filter[index];
        if (level.equals("#")) {
            addValue(node, found); // "a/#" matches "a" itself
            for (TopicTrie.Node<Retained> child : node.children()) {
                if (index > 0 || !TopicName.isReserved(child.level())) { // [MQTT-4.7.2-1]
                    collectAll(child, found);
                }
            }
        } else if (level.equals("+")) {
            for (TopicTrie.Node<Retained> child : node.children()) {
                if (index > 0 || !TopicName.isReserved(child.level())) {
                    collect(child, filter, index + 1, found);
                }
            }
        } else {
            TopicTrie.Node<Retained> child = node.child(level);
            if (child != null) {
                collect(child, filter, index + 1, found);
            }
        }
    }

    private static void collectAll(TopicTrie.Node<Retained> node, List<Retained> found) {
        addValue(node, found);
        for (TopicTrie.Node<Retained> child : node.children()) {
            collectAll(child, found);
        }
    }

    private static void addValue(TopicTrie.Node<Retained> node, List<Retained> found) {
        Retained retained = node.value();
        if (retained != null) {
            found.add(retained);
        }
    }

    @Override
    public int size() {
        return size.get();
    }
}
