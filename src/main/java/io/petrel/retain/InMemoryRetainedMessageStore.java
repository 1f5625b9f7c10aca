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
 * A message with an expiry (its MQTT 5 message expiry interval, or the store's TTL, whichever is shorter)
 * is never returned once expired, and is removed when it expires.
 */
public final class InMemoryRetainedMessageStore implements RetainedMessageStore {

    private final TopicTrie<Message> trie = new TopicTrie<>();
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
        Message stored = clear ? message : withTtl(message);
        String[] levels = TopicName.levels(message.topic());
        Message[] replaced = {null};
        trie.compute(levels, current -> {
            replaced[0] = current;
            return clear ? null : stored;
        });
        if (replaced[0] == null && !clear) {
            size.incrementAndGet();
        } else if (replaced[0] != null && clear) {
            size.decrementAndGet();
        }
        if (!clear && stored.expiresAt() != Message.NEVER && timers != null) {
            long delay = Math.max(0, stored.expiresAt() - clock.getAsLong());
            timers.schedule(() -> removeIfStill(levels, stored), delay, TimeUnit.MILLISECONDS);
        }
        return CompletableFuture.completedFuture(null);
    }

    private Message withTtl(Message message) {
        if (ttl == null) {
            return message;
        }
        long ttlExpiry = clock.getAsLong() + ttl.toMillis();
        return ttlExpiry < message.expiresAt() ? message.withExpiresAt(ttlExpiry) : message;
    }

    /** Removes an expired message unless a newer one replaced it meanwhile. */
    private void removeIfStill(String[] levels, Message expired) {
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
        List<Message> found = new ArrayList<>();
        collect(trie.root(), filter.levels(), 0, found);
        long now = clock.getAsLong();
        found.removeIf(message -> message.isExpired(now)); // its removal may still be on the way
        return CompletableFuture.completedFuture(found);
    }

    private static void collect(TopicTrie.Node<Message> node, String[] filter, int index, List<Message> found) {
        if (index == filter.length) {
            addValue(node, found);
            return;
        }
        String level = filter[index];
        if (level.equals("#")) {
            addValue(node, found); // "a/#" matches "a" itself
            for (TopicTrie.Node<Message> child : node.children()) {
                if (index > 0 || !TopicName.isReserved(child.level())) { // [MQTT-4.7.2-1]
                    collectAll(child, found);
                }
            }
        } else if (level.equals("+")) {
            for (TopicTrie.Node<Message> child : node.children()) {
                if (index > 0 || !TopicName.isReserved(child.level())) {
                    collect(child, filter, index + 1, found);
                }
            }
        } else {
            TopicTrie.Node<Message> child = node.child(level);
            if (child != null) {
                collect(child, filter, index + 1, found);
            }
        }
    }

    private static void collectAll(TopicTrie.Node<Message> node, List<Message> found) {
        addValue(node, found);
        for (TopicTrie.Node<Message> child : node.children()) {
            collectAll(child, found);
        }
    }

    private static void addValue(TopicTrie.Node<Message> node, List<Message> found) {
        Message message = node.value();
        if (message != null) {
            found.add(message);
        }
    }

    @Override
    public int size() {
        return size.get();
    }
}
