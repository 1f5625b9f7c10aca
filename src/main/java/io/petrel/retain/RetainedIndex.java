package io.petrel.retain;

import io.petrel.message.Message;
import io.petrel.routing.TopicFilter;
import io.petrel.routing.TopicTrie;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Retained messages by topic, and how many topics hold one: the in-memory store's contents, and in cluster
 * mode each node's mirror of Redis. A lookup walks only the branches a filter can match and never returns an
 * entry past its removal time, even while its removal is still on the way. Thread-safe; storing takes no
 * lock beyond the topic's own node.
 *
 * @param <E> what each store keeps per topic
 */
public final class RetainedIndex<E extends RetainedIndex.Entry> {

    /** A retained message and when it is to be removed (epoch milliseconds, or {@link Message#NEVER}). */
    public interface Entry {
        Message message();

        long removeAt();
    }

    private final TopicTrie<E> trie = new TopicTrie<>();
    private final AtomicInteger size = new AtomicInteger();

    /** Puts a topic's entry, or removes it with null. */
    public void set(String[] levels, @Nullable E entry) {
        boolean[] hadOne = {false};
        trie.compute(levels, current -> {
            hadOne[0] = current != null;
            return entry;
        });
        if (!hadOne[0] && entry != null) {
            size.incrementAndGet();
        } else if (hadOne[0] && entry == null) {
            size.decrementAndGet();
        }
    }

    /** Removes a topic's entry unless a newer one replaced it meanwhile. */
    public void removeIfSame(String[] levels, E expected) {
        if (trie.removeIfSame(levels, expected)) {
            size.decrementAndGet();
        }
    }

    /** The messages of the topics the filter matches whose removal time is after {@code now}. */
    public List<Message> find(TopicFilter filter, long now) {
        List<Message> live = new ArrayList<>();
        trie.forEachMatching(filter.levels(), entry -> {
            if (now < entry.removeAt()) {
                live.add(entry.message());
            }
        });
        return live;
    }

    public void forEach(Consumer<E> action) {
        trie.forEach(action);
    }

    /** How many topics hold an entry, expired ones included until they are removed. */
    public int size() {
        return size.get();
    }
}
