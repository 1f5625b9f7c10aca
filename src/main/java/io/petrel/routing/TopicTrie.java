package io.petrel.routing;

import java.util.Collection;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * A concurrent tree keyed by topic levels, holding one value per node. Reads walk it without locks;
 * a change locks the one node it touches (and, when it empties a branch, that node's ancestors, always
 * child before parent), so writers on different topics never wait for each other.
 *
 * <p>Invariant: a node sits in its parent's children exactly while it is not {@code detached}, and
 * children are only added under the parent's lock, so a writer that finds its node detached retries.
 */
public final class TopicTrie<V> {

    private final Node<V> root = new Node<>(null, "");

    public Node<V> root() {
        return root;
    }

    /**
     * Replaces the value at {@code levels} with {@code change.apply(current)}; a null result removes it
     * and prunes branches left empty. Runs {@code change} under the node's lock: keep it short, no I/O.
     */
    public @Nullable V compute(String[] levels, UnaryOperator<@Nullable V> change) {
        while (true) {
            Node<V> node = findOrCreate(levels);
            if (node == null) {
                continue;
            }
            synchronized (node) {
                if (node.detached) {
                    continue;
                }
                V updated = change.apply(node.value);
                node.value = updated;
                if (updated == null) {
                    node.pruneIfEmpty();
                }
                return updated;
            }
        }
    }

    /** Removes the value at these levels if it is still {@code expected} (the same object); returns whether it did. */
    public boolean removeIfSame(String[] levels, V expected) {
        boolean[] removed = {false};
        compute(levels, current -> {
            if (current == expected) {
                removed[0] = true;
                return null;
            }
            return current;
        });
        return removed[0];
    }

    /** The value at {@code levels}, or null. */
    public @Nullable V get(String[] levels) {
        Node<V> node = root;
        for (String level : levels) {
            node = node.child(level);
            if (node == null) {
                return null;
            }
        }
        return node.value;
    }

    /**
     * Visits the value of every topic the filter's levels match, walking only the branches they can match.
     * At the first level a wildcard does not match topics that start with {@code $} [MQTT-4.7.2-1].
     */
    public void forEachMatching(String[] filter, Consumer<V> visitor) {
        forEachMatching(root, filter, 0, visitor);
    }

    /** Visits every value in the tree. */
    public void forEach(Consumer<V> visitor) {
        forEachBelow(root, visitor);
    }

    private static <V> void forEachMatching(Node<V> node, String[] filter, int index, Consumer<V> visitor) {
        if (index == filter.length) {
            visit(node, visitor);
            return;
        }
        String level = filter[index];
        if (level.equals("#")) {
            visit(node, visitor); // "a/#" matches "a" itself
            for (Node<V> child : node.children()) {
                if (index > 0 || !TopicName.isReserved(child.level())) {
                    forEachBelow(child, visitor);
                }
            }
        } else if (level.equals("+")) {
            for (Node<V> child : node.children()) {
                if (index > 0 || !TopicName.isReserved(child.level())) {
                    forEachMatching(child, filter, index + 1, visitor);
                }
            }
        } else {
            Node<V> child = node.child(level);
            if (child != null) {
                forEachMatching(child, filter, index + 1, visitor);
            }
        }
    }

    private static <V> void forEachBelow(Node<V> node, Consumer<V> visitor) {
        visit(node, visitor);
        for (Node<V> child : node.children()) {
            forEachBelow(child, visitor);
        }
    }

    private static <V> void visit(Node<V> node, Consumer<V> visitor) {
        V value = node.value();
        if (value != null) {
            visitor.accept(value);
        }
    }

    private @Nullable Node<V> findOrCreate(String[] levels) {
        Node<V> node = root;
        for (String level : levels) {
            Node<V> child = node.children.get(level);
            if (child == null) {
                synchronized (node) {
                    if (node.detached) {
                        return null;
                    }
                    Node<V> parent = node;
                    child = node.children.computeIfAbsent(level, key -> new Node<>(parent, key));
                }
            }
            node = child;
        }
        return node;
    }

    /** One level of the tree. Its value and children may be read from any thread. */
    public static final class Node<V> {
        private final @Nullable Node<V> parent;
        private final String level;
        private final ConcurrentHashMap<String, Node<V>> children = new ConcurrentHashMap<>(2);
        private volatile @Nullable V value;
        private boolean detached; // guarded by this

        private Node(@Nullable Node<V> parent, String level) {
            this.parent = parent;
            this.level = level;
        }

        public @Nullable V value() {
            return value;
        }

        public String level() {
            return level;
        }

        public @Nullable Node<V> child(String level) {
            return children.get(level);
        }

        /** The child for the level {@code level} points at, found without copying it out of its topic. */
        @Nullable Node<V> child(TopicLevel level) {
            return children.get(level);
        }

        public Collection<Node<V>> children() {
            return children.values();
        }

        /** Called with this node's lock held; takes each ancestor's lock in turn, child before parent. */
        private void pruneIfEmpty() {
            Node<V> up = parent;
            if (up == null || value != null || !children.isEmpty()) {
                return;
            }
            synchronized (up) {
                up.children.remove(level, this);
                detached = true;
                up.pruneIfEmpty();
            }
        }
    }
}
