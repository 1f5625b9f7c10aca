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
 * expiry interval (the shorter wins), lookups that skip expired messages, and the sweeper that frees them.
 */
class InMemoryRetainedMessageStoreExpiryTests {

    private static final long START = 1_000_000L;

    private long now = START;
    private final CapturingTimers timers = new CapturingTimers();

    @Test
    void messageWithoutExpiryLivesForTheTtl() {
        InMemoryRetainedMessageStore store = store(Duration.ofSeconds(10));

        store.put(retained("a/b", Message.NEVER));

        assertRemovedAt(store, "a/b", START + 10_000);
    }

    @Test
    void messageExpiryShorterThanTheTtlWins() {
        InMemoryRetainedMessageStore store = store(Duration.ofSeconds(10));

        store.put(retained("a/b", START + 2_000));

        assertRemovedAt(store, "a/b", START + 2_000);
    }

    @Test
    void ttlShorterThanTheMessageExpiryWins() {
        InMemoryRetainedMessageStore store = store(Duration.ofSeconds(1));

        store.put(retained("a/b", START + 60_000));

        assertRemovedAt(store, "a/b", START + 1_000);
    }

    @Test
    void messageExpiryAppliesWithoutTtl() {
        InMemoryRetainedMessageStore store = store(null);

        store.put(retained("a/b", START + 2_000));
        store.put(retained("a/c", Message.NEVER));

        now = START + 1_000_000;
        assertThat(find(store, "a/+")).extracting(Message::topic).containsExactly("a/c");
        timers.sweep();
        assertThat(store.size()).isEqualTo(1);
    }

    @Test
    void sweeperFreesTheMessage() {
        InMemoryRetainedMessageStore store = store(Duration.ofSeconds(1));
        store.put(retained("a/b", Message.NEVER));
        assertThat(store.size()).isEqualTo(1);

        now = START + 1_000;
        timers.sweep();

        assertThat(store.size()).isZero();
        assertThat(find(store, "#")).isEmpty();
    }

    @Test
    void expiryOfAReplacedMessageLeavesItsReplacementAlone() {
        InMemoryRetainedMessageStore store = store(Duration.ofSeconds(1));
        store.put(retained("a/b", Message.NEVER));
        now = START + 500;
        store.put(retained("a/b", Message.NEVER));

        now = START + 1_000; // the first message's time
        timers.sweep();

        assertThat(store.size()).isEqualTo(1);
        assertThat(find(store, "a/b")).hasSize(1);
        now = START + 1_500;
        timers.sweep();
        assertThat(store.size()).isZero();
    }

    @Test
    void deletingARetainedMessageBeforeItExpiresKeepsTheSizeRight() {
        InMemoryRetainedMessageStore store = store(Duration.ofSeconds(1));
        store.put(retained("a/b", Message.NEVER));

        store.put(new Message("a/b", new byte[0], Qos.AT_MOST_ONCE, true));
        now = START + 1_000;
        timers.sweep();

        assertThat(store.size()).isZero();
    }

    /** The message is found, and kept by the sweeper, until {@code removeAt}; then neither. */
    private void assertRemovedAt(InMemoryRetainedMessageStore store, String topic, long removeAt) {
        now = removeAt - 1;
        timers.sweep();
        assertThat(find(store, topic)).hasSize(1);
        assertThat(store.size()).isEqualTo(1);
        now = removeAt;
        assertThat(find(store, topic)).isEmpty();
        timers.sweep();
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

    /** Keeps the store's sweeper instead of running it periodically; the test runs it. */
    private static final class CapturingTimers extends ScheduledThreadPoolExecutor {

        private final List<Runnable> sweepers = new ArrayList<>();

        CapturingTimers() {
            super(0);
        }

        @Override
        public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay,
                TimeUnit unit) {
            sweepers.add(command);
            return null;
        }

        void sweep() {
            sweepers.forEach(Runnable::run);
        }
    }
}
