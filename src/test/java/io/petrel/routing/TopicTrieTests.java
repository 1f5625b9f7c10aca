package io.petrel.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class TopicTrieTests {

    private final TopicTrie<String> trie = new TopicTrie<>();

    @Test
    void computeStoresAValueThatGetFinds() {
        assertThat(trie.compute(levels("a/b"), (current) -> "ab")).isEqualTo("ab");
        assertThat(trie.get(levels("a/b"))).isEqualTo("ab");
        assertThat(trie.get(levels("a"))).isNull();
        assertThat(trie.get(levels("a/b/c"))).isNull();
        assertThat(trie.get(levels("x"))).isNull();
    }

    @Test
    void removeIfSameRemovesOnlyTheValueItWasGiven() {
        String first = new String("v");
        String replacement = new String("v"); // equal, not the same: a newer value under the same key
        trie.compute(levels("a/b"), (current) -> first);
        trie.compute(levels("a/b"), (current) -> replacement);
        assertThat(trie.removeIfSame(levels("a/b"), first)).isFalse();
        assertThat(trie.get(levels("a/b"))).isSameAs(replacement);
        assertThat(trie.removeIfSame(levels("a/b"), replacement)).isTrue();
        assertThat(trie.get(levels("a/b"))).isNull();
    }

    @Test
    void computeSeesTheCurrentValue() {
        trie.compute(levels("a"), (current) -> "first");
        AtomicReference<String> seen = new AtomicReference<>();
        trie.compute(levels("a"), (current) -> {
            seen.set(current);
            return current + "+second";
        });
        assertThat(seen).hasValue("first");
        assertThat(trie.get(levels("a"))).isEqualTo("first+second");
    }

    @Test
    void emptyLevelsAreKeysOfTheirOwn() {
        trie.compute(levels("/a"), (current) -> "slash-a");
        trie.compute(levels("a"), (current) -> "a");
        trie.compute(levels("a/"), (current) -> "a-slash");
        assertThat(trie.get(levels("/a"))).isEqualTo("slash-a");
        assertThat(trie.get(levels("a"))).isEqualTo("a");
        assertThat(trie.get(levels("a/"))).isEqualTo("a-slash");
        assertThat(trie.root().child("")).isNotNull();
    }

    @Test
    void removingTheOnlyValuePrunesTheWholeBranch() {
        trie.compute(levels("a/b/c/d"), (current) -> "v");
        assertThat(trie.compute(levels("a/b/c/d"), (current) -> null)).isNull();
        assertThat(trie.get(levels("a/b/c/d"))).isNull();
        assertThat(trie.root().children()).isEmpty();
    }

    @Test
    void pruningStopsAtAnAncestorThatHoldsAValue() {
        trie.compute(levels("a"), (current) -> "a");
        trie.compute(levels("a/b/c"), (current) -> "abc");
        trie.compute(levels("a/b/c"), (current) -> null);
        assertThat(trie.get(levels("a"))).isEqualTo("a");
        assertThat(trie.root().child("a")).isNotNull();
        assertThat(trie.root().child("a").child("b")).isNull();
    }

    @Test
    void pruningStopsAtAnAncestorWithOtherChildren() {
        trie.compute(levels("a/b/c"), (current) -> "abc");
        trie.compute(levels("a/x"), (current) -> "ax");
        trie.compute(levels("a/b/c"), (current) -> null);
        assertThat(trie.get(levels("a/x"))).isEqualTo("ax");
        assertThat(trie.root().child("a").children()).extracting(TopicTrie.Node::level).containsExactly("x");
    }

    @Test
    void removingAValueKeepsItsChildren() {
        trie.compute(levels("a"), (current) -> "a");
        trie.compute(levels("a/b"), (current) -> "ab");
        trie.compute(levels("a"), (current) -> null);
        assertThat(trie.get(levels("a"))).isNull();
        assertThat(trie.get(levels("a/b"))).isEqualTo("ab");
    }

    @Test
    void removingAMissingValueLeavesNoBranchBehind() {
        trie.compute(levels("x"), (current) -> "x");
        trie.compute(levels("a/b/c"), (current) -> null);
        assertThat(trie.root().children()).extracting(TopicTrie.Node::level).containsExactly("x");
    }

    @Test
    void concurrentComputeOnSiblingAndParentChildPathsNeverLosesAValue() throws Exception {
        List<String> paths = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            paths.add("s/" + i); // siblings under one parent
        }
        paths.addAll(List.of("p", "p/c", "p/c/d", "p/c/d/e", "p/c/x", "s")); // parents and children
        AtomicInteger lost = new AtomicInteger();
        int iterations = 3_000;
        Concurrently.run(paths.size(), (index) -> {
            String[] path = levels(paths.get(index));
            for (int i = 0; i < iterations; i++) {
                String token = index + ":" + i;
                trie.compute(path, (current) -> token);
                // Only this worker writes this path: a value written into a pruned node would be gone.
                if (!token.equals(trie.get(path))) {
                    lost.incrementAndGet();
                }
                trie.compute(path, (current) -> null);
                if (trie.get(path) != null) {
                    lost.incrementAndGet();
                }
            }
            trie.compute(path, (current) -> "final-" + index);
        });
        assertThat(lost).hasValue(0);
        Map<String, String> expected = new TreeMap<>();
        for (int i = 0; i < paths.size(); i++) {
            expected.put(paths.get(i), "final-" + i);
        }
        assertThat(contents(trie)).isEqualTo(expected);
    }

    @Test
    void concurrentComputeOnOnePathLosesNoUpdate() throws Exception {
        String[] counter = levels("c/x");
        int threads = 4;
        int iterations = 5_000;
        Concurrently.run(threads + 2, (index) -> {
            if (index < threads) {
                for (int i = 0; i < iterations; i++) {
                    trie.compute(counter, (current) -> current == null ? "1" : Integer.toString(Integer.parseInt(current) + 1));
                }
            } else {
                // Churn on the parent and a child of the counter, which prunes and recreates nodes around it.
                String[] churn = levels(index == threads ? "c" : "c/x/y");
                for (int i = 0; i < iterations; i++) {
                    trie.compute(churn, (current) -> "churn");
                    trie.compute(churn, (current) -> null);
                }
            }
        });
        assertThat(trie.get(counter)).isEqualTo(Integer.toString(threads * iterations));
        assertThat(contents(trie)).containsOnlyKeys("c/x");
    }

    /** Every value in the trie by its topic; fails when an empty node was left behind (no value, no children). */
    static <V> Map<String, V> contents(TopicTrie<V> trie) {
        Map<String, V> contents = new TreeMap<>();
        for (TopicTrie.Node<V> child : trie.root().children()) {
            collect(child, child.level(), contents);
        }
        return contents;
    }

    private static <V> void collect(TopicTrie.Node<V> node, String topic, Map<String, V> contents) {
        V value = node.value();
        assertThat(value != null || !node.children().isEmpty()).as("node %s is empty but was not pruned", topic).isTrue();
        if (value != null) {
            contents.put(topic, value);
        }
        for (TopicTrie.Node<V> child : node.children()) {
            collect(child, topic + "/" + child.level(), contents);
        }
    }

    private static String[] levels(String topic) {
        return TopicName.levels(topic);
    }
}
