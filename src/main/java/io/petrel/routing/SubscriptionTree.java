package io.petrel.routing;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * All subscriptions, indexed by topic filter, so that a topic name finds its subscribers in one walk
 * over its levels ({@code +} and {@code #} branches included) instead of a scan. Thread-safe; matching
 * takes no lock.
 */
public final class SubscriptionTree implements SubscriptionIndex {

    private final TopicTrie<Map<String, Subscription>> trie = new TopicTrie<>();
    private final AtomicInteger size = new AtomicInteger();
    private final SubscriptionChanges changes;

    /** A tree that tells {@code changes} of every subscription added or removed. */
    public SubscriptionTree(SubscriptionChanges changes) {
        this.changes = changes;
    }

    public SubscriptionTree() {
        this(SubscriptionChanges.NONE);
    }

    /** Adds or replaces a subscription; returns true when the client had none for this filter. */
    public boolean add(Subscription subscription) {
        boolean[] added = {false};
        trie.compute(subscription.filter().levelsView(), subscribers -> {
            Map<String, Subscription> map = subscribers == null ? new ConcurrentHashMap<>(2) : subscribers;
            added[0] = map.put(subscription.key(), subscription) == null;
            return map;
        });
        if (added[0]) {
            size.incrementAndGet();
        }
        changes.added(subscription);
        return added[0];
    }

    /** Removes a client's subscription to a filter; returns true when there was one. */
    public boolean remove(String clientId, TopicFilter filter) {
        String key = Subscription.key(clientId, filter);
        boolean[] removed = {false};
        trie.compute(filter.levelsView(), subscribers -> {
            if (subscribers == null) {
                return null;
            }
            removed[0] = subscribers.remove(key) != null;
            return subscribers.isEmpty() ? null : subscribers;
        });
        if (removed[0]) {
            size.decrementAndGet();
            changes.removed(clientId, filter);
        }
        return removed[0];
    }

    @Override
    public void match(String topic, Consumer<Subscription> visitor) {
        match(trie.root(), new TopicLevel(topic), 0, TopicName.isReserved(topic), visitor);
    }

    /**
     * Matches the levels from the one that begins at {@code start} in the topic; past the last level,
     * {@code start} is beyond the topic's end.
     */
    private static void match(
            TopicTrie.Node<Map<String, Subscription>> node,
            TopicLevel level,
            int start,
            boolean reserved,
            Consumer<Subscription> visitor) {
        // [MQTT-4.7.2-1] a filter starting with a wildcard does not match a topic starting with '$'
        boolean wildcardsAllowed = start > 0 || !reserved;
        if (wildcardsAllowed) {
            visit(node.child("#"), visitor); // '#' also matches the parent level: "a/#" matches "a"
        }
        if (start > level.topicLength()) {
            visit(node, visitor);
            return;
        }
        int next = level.moveTo(start) + 1;
        var literal = node.child(level); // looked up before the '+' branch moves the level on
        if (wildcardsAllowed) {
            var plus = node.child("+");
            if (plus != null) {
                match(plus, level, next, reserved, visitor);
            }
        }
        if (literal != null) {
            match(literal, level, next, reserved, visitor);
        }
    }

    private static void visit(TopicTrie.@Nullable Node<Map<String, Subscription>> node, Consumer<Subscription> visitor) {
        if (node != null) {
            Map<String, Subscription> subscribers = node.value();
            if (subscribers != null) {
                subscribers.values().forEach(visitor);
            }
        }
    }

    /** The number of subscriptions in the tree. */
    public int size() {
        return size.get();
    }
}
