package io.petrel.retain;

import static org.assertj.core.api.Assertions.assertThat;

import io.petrel.message.Message;
import io.petrel.message.Qos;
import io.petrel.routing.TopicFilter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class InMemoryRetainedMessageStoreTests {

    private static final List<String> TOPICS = List.of("a", "a/b", "a/c", "a/b/c", "a//c", "ab", "b/a", "/finance",
            "/", "sport/tennis/player1", "sport/tennis/player1/ranking", "$SYS", "$SYS/uptime", "$SYS/broker/clients",
            "a/$SYS");

    private final InMemoryRetainedMessageStore store = new InMemoryRetainedMessageStore();

    @Test
    void putStoresOneMessagePerTopic() {
        Message message = retained("a/b", "1");
        store.put(message);
        assertThat(store.size()).isEqualTo(1);
        assertThat(find("a/b")).containsExactly(message);
        assertThat(find("a")).isEmpty();
        assertThat(find("a/b/c")).isEmpty();
    }

    @Test
    void putReplacesTheMessageOfItsTopic() {
        store.put(retained("a/b", "1"));
        Message replacement = retained("a/b", "2");
        store.put(replacement);
        assertThat(store.size()).isEqualTo(1);
        assertThat(find("a/b")).containsExactly(replacement);
    }

    @Test
    void emptyPayloadDeletesTheRetainedMessage() {
        store.put(retained("a/b", "1"));
        store.put(retained("a/b/c", "2"));
        store.put(retained("a/b", "")); // [MQTT-3.3.1-10]
        assertThat(store.size()).isEqualTo(1);
        assertThat(find("a/b")).isEmpty();
        assertThat(find("a/#")).extracting(Message::topic).containsExactly("a/b/c");
    }

    @Test
    void deletingATopicWithoutRetainedMessageChangesNothing() {
        store.put(retained("a/b", "1"));
        store.put(retained("x/y", ""));
        store.put(retained("a", ""));
        assertThat(store.size()).isEqualTo(1);
        assertThat(find("#")).extracting(Message::topic).containsExactly("a/b");
    }

    @Test
    void sizeFollowsPutsAndDeletes() {
        for (String topic : TOPICS) {
            store.put(retained(topic, topic));
        }
        assertThat(store.size()).isEqualTo(TOPICS.size());
        store.put(retained("a", ""));
        store.put(retained("a", ""));
        store.put(retained("a/b", "again"));
        assertThat(store.size()).isEqualTo(TOPICS.size() - 1);
    }

    @ParameterizedTest(name = "\"{0}\" finds {1}")
    @CsvSource(delimiter = '|', value = {
            "a/b                    | a/b",
            "a/+                    | a/b, a/c, a/$SYS",
            "+                      | a, ab",
            "+/+                    | a/b, a/c, b/a, /finance, /, a/$SYS",
            "/+                     | /finance, /",
            "+/finance              | /finance",
            "a/#                    | a, a/b, a/c, a/b/c, a//c, a/$SYS",
            "a/+/c                  | a/b/c, a//c",
            "+/+/c                  | a/b/c, a//c",
            "a/b/#                  | a/b, a/b/c",
            "sport/#                | sport/tennis/player1, sport/tennis/player1/ranking",
            "sport/tennis/player1/# | sport/tennis/player1, sport/tennis/player1/ranking",
            "'#'                    | a, a/b, a/c, a/b/c, a//c, ab, b/a, /finance, /, sport/tennis/player1, sport/tennis/player1/ranking, a/$SYS",
            "+/#                    | a, a/b, a/c, a/b/c, a//c, ab, b/a, /finance, /, sport/tennis/player1, sport/tennis/player1/ranking, a/$SYS",
            "$SYS/#                 | $SYS, $SYS/uptime, $SYS/broker/clients",
            "$SYS/+                 | $SYS/uptime",
            "$SYS                   | $SYS",
            "+/uptime               | ''",
            "$share/g/a/+           | a/b, a/c, a/$SYS",
            "x/#                    | ''",
    })
    void findReturnsTheRetainedMessagesWhoseTopicsMatchTheFilter(String filter, String topics) {
        for (String topic : TOPICS) {
            store.put(retained(topic, topic));
        }
        List<String> expected = topics.isEmpty() ? List.of() : List.of(topics.split(", "));
        assertThat(find(filter)).extracting(Message::topic).containsExactlyInAnyOrderElementsOf(expected);
        // the store agrees with the matching rules of TopicFilter
        TopicFilter parsed = TopicFilter.parse(filter).orElseThrow();
        assertThat(expected).containsExactlyInAnyOrderElementsOf(
                TOPICS.stream().filter(parsed::matches).toList());
    }

    @Test
    void narrowFilterInALargeStoreFindsOnlyItsBranch() {
        for (int branch = 0; branch < 100; branch++) {
            for (int device = 0; device < 1_000; device++) {
                store.put(retained("site" + branch + "/device" + device + "/temperature", branch + ":" + device));
            }
        }
        assertThat(store.size()).isEqualTo(100_000);

        List<Message> branch42 = find("site42/+/temperature");
        assertThat(branch42).hasSize(1_000).allSatisfy((message) -> assertThat(message.topic()).startsWith("site42/"));

        assertThat(find("site7/device13/#")).extracting(Message::topic).containsExactly("site7/device13/temperature");
        assertThat(find("+/device999/temperature")).hasSize(100);
        assertThat(find("site100/#")).isEmpty();
        assertThat(find("#")).hasSize(100_000);
    }

    @Test
    void concurrentPutsAndDeletesLeaveExactlyTheLastMessageOfEachTopic() throws Exception {
        int threads = 4;
        int iterations = 5_000;
        List<Map<String, String>> expected = new ArrayList<>();
        List<Thread> writers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Map<String, String> mine = new HashMap<>();
            expected.add(mine);
            // each topic has one writer; parents, children and siblings of other writers' topics interleave
            List<String> topics = List.of("r/" + t, "r/" + t + "/x", "r/shared/" + t, "r/" + t + "/x/y");
            Random random = new Random(t);
            writers.add(new Thread(() -> {
                for (int i = 0; i < iterations; i++) {
                    String topic = topics.get(random.nextInt(topics.size()));
                    String payload = random.nextInt(3) == 0 ? "" : Integer.toString(i);
                    store.put(retained(topic, payload));
                    if (payload.isEmpty()) {
                        mine.remove(topic);
                    } else {
                        mine.put(topic, payload);
                    }
                }
            }));
        }
        writers.forEach(Thread::start);
        for (Thread writer : writers) {
            writer.join(60_000);
            assertThat(writer.isAlive()).isFalse();
        }

        Map<String, String> all = new HashMap<>();
        expected.forEach(all::putAll);
        Map<String, String> found = new HashMap<>();
        find("#").forEach((message) -> found.put(message.topic(), new String(message.payload(), StandardCharsets.UTF_8)));
        assertThat(found).isEqualTo(all);
        assertThat(store.size()).isEqualTo(all.size());
    }

    private List<Message> find(String filter) {
        return store.find(TopicFilter.parse(filter).orElseThrow()).toCompletableFuture().join();
    }

    private static Message retained(String topic, String payload) {
        return Message.of(topic, payload, Qos.AT_LEAST_ONCE, true);
    }
}
