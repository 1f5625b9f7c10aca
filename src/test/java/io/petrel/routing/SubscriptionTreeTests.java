package io.petrel.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.petrel.message.Qos;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SubscriptionTreeTests {

    private static final List<String> FILTERS = List.of("#", "+", "+/+", "+/#", "/", "/#", "/+", "a", "a/#", "a/+",
            "a/b", "a/b/c", "a/+/c", "a/+/#", "+/b", "+/b/#", "a//c", "a/+/+", "+/+/+", "a/b/", "a/b/+", "/finance",
            "+/finance", "$SYS/#", "$SYS/+", "$SYS/broker/+", "+/broker/#", "$SYS/broker/#", "sport/#", "sport/+",
            "sport/tennis/+", "sport/tennis/player1/#", "$share/g/a/+", "$share/g/#", "$share/h/a/b",
            "$share/g/$SYS/#", "$share/h/+/+");

    private final SubscriptionTree tree = new SubscriptionTree();

    @Test
    void addCountsNewSubscriptionsAndReplacesExistingOnes() {
        assertThat(tree.add(subscription("c1", "a/b", Qos.AT_MOST_ONCE))).isTrue();
        assertThat(tree.add(subscription("c2", "a/b", Qos.AT_MOST_ONCE))).isTrue();
        assertThat(tree.add(subscription("c1", "a/+", Qos.AT_MOST_ONCE))).isTrue();
        assertThat(tree.add(subscription("c1", "a/b", Qos.EXACTLY_ONCE))).isFalse();
        assertThat(tree.size()).isEqualTo(3);
        assertThat(matches("a/b")).containsExactlyInAnyOrder(
                subscription("c1", "a/b", Qos.EXACTLY_ONCE),
                subscription("c2", "a/b", Qos.AT_MOST_ONCE),
                subscription("c1", "a/+", Qos.AT_MOST_ONCE));
    }

    @Test
    void removeTakesOutOnlyThatClientsSubscriptionToThatFilter() {
        tree.add(subscription("c1", "a/b", Qos.AT_LEAST_ONCE));
        tree.add(subscription("c2", "a/b", Qos.AT_LEAST_ONCE));
        tree.add(subscription("c1", "a/+", Qos.AT_LEAST_ONCE));
        assertThat(tree.remove("c1", filter("a/b"))).isTrue();
        assertThat(tree.remove("c1", filter("a/b"))).isFalse();
        assertThat(tree.remove("c3", filter("a/+"))).isFalse();
        assertThat(tree.remove("c1", filter("x/y"))).isFalse();
        assertThat(tree.size()).isEqualTo(2);
        assertThat(matches("a/b")).extracting(Subscription::clientId, (s) -> s.filter().text())
                .containsExactlyInAnyOrder(tuple("c2", "a/b"), tuple("c1", "a/+"));
    }

    @Test
    void removingTheLastSubscriptionPrunesTheTree() {
        tree.add(subscription("c1", "a/b/c", Qos.AT_LEAST_ONCE));
        tree.add(subscription("c2", "a/b/c", Qos.AT_LEAST_ONCE));
        tree.add(subscription("c1", "$share/g/a/b/c", Qos.AT_LEAST_ONCE));
        tree.remove("c1", filter("a/b/c"));
        tree.remove("c2", filter("a/b/c"));
        assertThat(trie(tree).get(TopicName.levels("a/b/c"))).isNotNull();
        tree.remove("c1", filter("$share/g/a/b/c"));
        assertThat(tree.size()).isZero();
        assertThat(trie(tree).get(TopicName.levels("a/b/c"))).isNull();
        assertThat(trie(tree).root().children()).isEmpty();
        assertThat(matches("a/b/c")).isEmpty();
    }

    @Test
    void sharedSubscriptionsAreKeyedApartFromTheNonSharedOneOfTheSameClient() {
        assertThat(tree.add(subscription("c1", "a/b", Qos.AT_MOST_ONCE))).isTrue();
        assertThat(tree.add(subscription("c1", "$share/g/a/b", Qos.AT_LEAST_ONCE))).isTrue();
        assertThat(tree.add(subscription("c1", "$share/h/a/b", Qos.EXACTLY_ONCE))).isTrue();
        assertThat(tree.size()).isEqualTo(3);
        assertThat(matches("a/b")).extracting((s) -> s.filter().text())
                .containsExactlyInAnyOrder("a/b", "$share/g/a/b", "$share/h/a/b");

        assertThat(tree.remove("c1", filter("a/b"))).isTrue();
        assertThat(matches("a/b")).extracting((s) -> s.filter().text())
                .containsExactlyInAnyOrder("$share/g/a/b", "$share/h/a/b");
        assertThat(tree.remove("c1", filter("$share/g/a/b"))).isTrue();
        assertThat(matches("a/b")).extracting((s) -> s.filter().text()).containsExactly("$share/h/a/b");
    }

    @Test
    void wildcardFiltersDoNotMatchReservedTopics() {
        for (String text : List.of("#", "+", "+/#", "+/+", "+/uptime", "$SYS/#", "$SYS/+", "$share/g/#")) {
            tree.add(subscription("c", text, Qos.AT_MOST_ONCE));
        }
        // [MQTT-4.7.2-1]
        assertThat(matches("$SYS/uptime")).extracting((s) -> s.filter().text())
                .containsExactlyInAnyOrder("$SYS/#", "$SYS/+");
        assertThat(matches("$SYS")).extracting((s) -> s.filter().text()).containsExactly("$SYS/#");
        assertThat(matches("a/uptime")).extracting((s) -> s.filter().text())
                .containsExactlyInAnyOrder("#", "+/#", "+/+", "+/uptime", "$share/g/#");
    }

    @Test
    void parentLevelIsMatchedByMultiLevelWildcard() {
        tree.add(subscription("c", "sport/#", Qos.AT_MOST_ONCE));
        tree.add(subscription("c", "sport/+", Qos.AT_MOST_ONCE));
        assertThat(matches("sport")).extracting((s) -> s.filter().text()).containsExactly("sport/#");
        assertThat(matches("sport/")).extracting((s) -> s.filter().text())
                .containsExactlyInAnyOrder("sport/#", "sport/+");
    }

    static Stream<String> topics() {
        return Stream.of("a", "a/b", "a/b/c", "a/c/c", "a//c", "a/b/", "a/b/c/d", "/", "//", "/finance", "finance",
                "b", "x/b", "x/b/y", "$SYS", "$SYS/uptime", "$SYS/broker/clients", "$SYS/broker", "$other/b",
                "x/broker/y", "sport", "sport/", "sport/tennis", "sport/tennis/player1", "sport/tennis/player1/ranking",
                "A/b", " ", "a/$SYS/b");
    }

    @ParameterizedTest(name = "matches for \"{0}\" agree with TopicFilter.matches")
    @MethodSource("topics")
    void matchAgreesWithTopicFilterMatches(String topic) {
        for (int i = 0; i < FILTERS.size(); i++) {
            tree.add(subscription("everyone", FILTERS.get(i), Qos.AT_MOST_ONCE));
            tree.add(subscription("c" + i, FILTERS.get(i), Qos.AT_LEAST_ONCE));
        }
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < FILTERS.size(); i++) {
            if (filter(FILTERS.get(i)).matches(topic)) {
                expected.add("everyone " + FILTERS.get(i));
                expected.add("c" + i + " " + FILTERS.get(i));
            }
        }
        List<String> matched = matches(topic).stream().map((s) -> s.clientId() + " " + s.filter().text()).toList();
        // a list, not a set: each matching subscription is visited exactly once
        assertThat(matched).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void concurrentAddRemoveAndMatchLeaveExactlyWhatTheWritersLeft() throws Exception {
        List<String> churned = List.of("a/b", "a/+", "a/#", "#", "+/b", "a/b/c", "a/+/c", "a", "+/+/c", "$share/g/a/b",
                "$share/g/a/#", "b/c/d/e");
        List<String> stable = List.of("a/b/c", "a/+", "#");
        for (String text : stable) {
            tree.add(subscription("stable", text, Qos.AT_LEAST_ONCE));
        }
        List<String> topics = List.of("a/b", "a/b/c", "a", "x/b", "b/c/d/e", "a/x/c");
        int writers = 4;
        int matchers = 2;
        int iterations = 5_000;
        Map<String, Qos> expected = new ConcurrentHashMap<>();
        AtomicInteger violations = new AtomicInteger();
        Concurrently.run(writers + matchers, (index) -> {
            if (index < writers) {
                Map<String, Qos> mine = new HashMap<>();
                Random random = new Random(index);
                for (int i = 0; i < iterations; i++) {
                    String clientId = "w" + index + "-" + random.nextInt(3);
                    String text = churned.get(random.nextInt(churned.size()));
                    String key = clientId + " " + text;
                    if (random.nextBoolean()) {
                        Qos qos = Qos.of(random.nextInt(3));
                        boolean added = tree.add(subscription(clientId, text, qos));
                        if (added == mine.containsKey(key)) {
                            violations.incrementAndGet();
                        }
                        mine.put(key, qos);
                    } else {
                        boolean removed = tree.remove(clientId, filter(text));
                        if (removed != (mine.remove(key) != null)) {
                            violations.incrementAndGet();
                        }
                    }
                }
                expected.putAll(mine);
            } else {
                for (int i = 0; i < iterations; i++) {
                    String topic = topics.get(i % topics.size());
                    Set<String> stableSeen = new HashSet<>();
                    tree.match(topic, (subscription) -> {
                        if (!subscription.filter().matches(topic)) {
                            violations.incrementAndGet();
                        }
                        if (subscription.clientId().equals("stable")) {
                            stableSeen.add(subscription.filter().text());
                        }
                    });
                    Set<String> stableExpected = new HashSet<>();
                    stable.stream().filter((text) -> filter(text).matches(topic)).forEach(stableExpected::add);
                    if (!stableSeen.equals(stableExpected)) {
                        violations.incrementAndGet(); // a subscription nobody removed went missing
                    }
                }
            }
        });
        assertThat(violations).hasValue(0);
        for (String text : stable) {
            expected.put("stable " + text, Qos.AT_LEAST_ONCE);
        }
        assertThat(contents(tree)).isEqualTo(expected);
        assertThat(tree.size()).isEqualTo(expected.size());

        for (String key : expected.keySet()) {
            String[] parts = key.split(" ", 2);
            assertThat(tree.remove(parts[0], filter(parts[1]))).as("remove %s", key).isTrue();
        }
        assertThat(tree.size()).isZero();
        assertThat(trie(tree).root().children()).isEmpty();
    }

    private List<Subscription> matches(String topic) {
        List<Subscription> matched = new ArrayList<>();
        tree.match(topic, matched::add);
        return matched;
    }

    /** Every subscription in the tree as "clientId filter" with its QoS, read through the trie. */
    private static Map<String, Qos> contents(SubscriptionTree tree) {
        Map<String, Qos> contents = new HashMap<>();
        TopicTrieTests.contents(trie(tree)).values().forEach((subscribers) -> subscribers.values()
                .forEach((s) -> contents.put(s.clientId() + " " + s.filter().text(), s.qos())));
        return contents;
    }

    /** The tree keeps its trie private; the pruning checks read it by reflection rather than widen the API. */
    @SuppressWarnings("unchecked")
    private static TopicTrie<Map<String, Subscription>> trie(SubscriptionTree tree) {
        try {
            Field field = SubscriptionTree.class.getDeclaredField("trie");
            field.setAccessible(true);
            return (TopicTrie<Map<String, Subscription>>) field.get(tree);
        } catch (ReflectiveOperationException ex) {
            throw new IllegalStateException(ex);
        }
    }

    static Subscription subscription(String clientId, String filter, Qos qos) {
        return new Subscription(clientId, filter(filter), qos);
    }

    static TopicFilter filter(String text) {
        return TopicFilterTests.filter(text);
    }
}
