package io.petrel.retain;

import static org.assertj.core.api.Assertions.assertThat;

import io.petrel.message.Message;
import io.petrel.message.MessageProperties;
import io.petrel.message.Qos;
import io.petrel.routing.TopicFilter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * Expiry of retained messages on a fake clock: {@code mqtt.retain.ttl} together with the MQTT 5 message
 * expiry interval (the shorter wins), lookups that skip expired messages, and the timers that free them.
 */
class InMemoryRetainedMessageStoreExpiryTests {

    private static final long START = 1_000_000L;

    private long now = START;
    private final CapturingTimers timers = new CapturingTimers();

    @Test
    void messageWithoutExpiryLivesForTheTtl() {
        InMemoryRetainedMessageStore store = store(Duration.ofSeconds(10));

        store.put(retained("a/b", Message.NEVER));

        assertThat(timers.delays).containsExactly(10_000L);
        now = START + 9_999;
        assertThat(find(store, "a/b")).hasSize(1);
        now = START + 10_000;
        assertThat(find(store, "a/b")).isEmpty();
    }

    @Test
    void messageExpiryShorterThanTheTtlWins() {
        InMemoryRetainedMessageStore store = store(Duration.ofSeconds(10));

        store.put(retained("a/b", START + 2_000));

        assertThat(timers.delays).containsExactly(2_000L);
        now = START + 2_000;
        assertThat(find(store, "a/b")).isEmpty();
    }

    @Test
    void ttlShorterThanTheMessageExpiryWins() {
        InMemoryRetainedMessageStore store = store(Duration.ofSeconds(1));

        store.put(retained("a/b", START + 60_000));

        assertThat(timers.delays).containsExactly(1_000L);
        now = START + 1_000;
        assertThat(find(store, "a/b")).isEmpty();
    }

    @Test
    void messageExpiryAppliesWithoutTtl() {
        InMemoryRetainedMessageStore store = store(null);

        store.put(retained("a/b", START + 2_000));
        store.put(retained("a/c", Message.NEVER));

        assertThat(timers.delays).containsExactly(2_000L);
        now = START + 1_000_000;
        assertThat(find(store, "a/+")).extracting(Message::topic).containsExactly("a/c");
    }

    @Test
    void expiryTimerFreesTheMessage() {
        InMemoryRetainedMessageStore store = store(Duration.ofSeconds(1));
        store.put(retained("a/b", Message.NEVER));
        assertThat(store.size()).isEqualTo(1);

        now = START + 1_000;
        timers.runAll();

        assertThat(store.size()).isZero();
        assertThat(find(store, "#")).isEmpty();
    }

    @Test
    void expiryTimerOfAReplacedMessageLeavesItsReplacementAlone() {
        InMemoryRetainedMessageStore store = store(Duration.ofSeconds(1));
        store.put(retained("a/b", Message.NEVER));
        now = START + 500;
        store.put(retained("a/b", Message.NEVER));

        now = START + 1_000;
        timers.runFirst(); // the first message's timer

        assertThat(store.size()).isEqualTo(1);
        assertThat(find(store, "a/b")).hasSize(1);
        now = START + 1_500;
        timers.runAll();
        assertThat(store.size()).isZero();
    }

    @Test
    void deletingARetainedMessageBeforeItExpiresKeepsTheSizeRight() {
        InMemoryRetainedMessageStore store = store(Duration.ofSeconds(1));
        store.put(retained("a/b", Message.NEVER));

        store.put(new Message("a/b", new byte[0], Qos.AT_MOST_ONCE, true));
        timers.runAll();

        assertThat(store.size()).isZero();
    }

    private InMemoryRetainedMessageStore store(@Nullable Duration ttl) {
        return new InMemoryRetainedMessageStore(ttl, timers, () -> now);
    }

    private static List<Message> find(InMemoryRetainedMessageStore store, String filter) {
        return store.find(TopicFilter.parse(filter).orElseThrow()).toCompletableFuture().join();
    }

    private static Message retained(String topic, long expiresAt) {
        return new Message(topic, "payload".getBytes(StandardCharsets.UTF_8), Qos.AT_LEAST_ONCE, true,
                MessageProperties.NONE, expiresAt, "publisher");
    }

    /** Records scheduled tasks and their delays instead of running them; the test runs them. */
    private static final class CapturingTimers extends ScheduledThreadPoolExecutor {

        final List<Long> delays = new ArrayList<>();
        private final List<Runnable> tasks = new ArrayList<>();

        CapturingTimers() {
            super(0);
        }

        @Override
        public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
            delays.add(unit.toMillis(delay));
            tasks.add(command);
            return null;
        }

        void runFirst() {
            tasks.remove(0).run();
        }

        void runAll() {
            List<Runnable> due = new ArrayList<>(tasks);
            tasks.clear();
            due.forEach(Runnable::run);
        }
    }
}
