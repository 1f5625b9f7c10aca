package io.petrel.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.petrel.message.Message;
import io.petrel.message.Qos;
import io.petrel.routing.Delivery;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class MessageQueueTests {

    @Test
    void queueIsFirstInFirstOut() {
        MessageQueue queue = new MessageQueue(10, DropPolicy.DROP_OLDEST);
        Delivery first = delivery(1);
        assertThat(queue.offer(first)).isNull();
        assertThat(queue.offer(delivery(2))).isNull();
        assertThat(queue.offer(delivery(3))).isNull();
        assertThat(queue.size()).isEqualTo(3);
        assertThat(queue.peek()).isSameAs(first);
        assertThat(drain(queue)).containsExactly("1", "2", "3");
        assertThat(queue.isEmpty()).isTrue();
        assertThat(queue.poll()).isNull();
        assertThat(queue.peek()).isNull();
        assertThat(queue.dropped()).isZero();
    }

    @Test
    void fullQueueWithDropOldestGivesUpTheOldestMessage() {
        MessageQueue queue = new MessageQueue(3, DropPolicy.DROP_OLDEST);
        for (int i = 1; i <= 3; i++) {
            queue.offer(delivery(i));
        }
        assertThat(payload(queue.offer(delivery(4)))).isEqualTo("1");
        assertThat(payload(queue.offer(delivery(5)))).isEqualTo("2");
        assertThat(queue.size()).isEqualTo(3);
        assertThat(queue.dropped()).isEqualTo(2);
        assertThat(drain(queue)).containsExactly("3", "4", "5");
    }

    @Test
    void fullQueueWithDropNewestRefusesTheNewMessage() {
        MessageQueue queue = new MessageQueue(3, DropPolicy.DROP_NEWEST);
        for (int i = 1; i <= 3; i++) {
            queue.offer(delivery(i));
        }
        assertThat(payload(queue.offer(delivery(4)))).isEqualTo("4");
        assertThat(payload(queue.offer(delivery(5)))).isEqualTo("5");
        assertThat(queue.size()).isEqualTo(3);
        assertThat(queue.dropped()).isEqualTo(2);
        assertThat(drain(queue)).containsExactly("1", "2", "3");
    }

    @Test
    void roomMadeByPollingIsUsedAgain() {
        MessageQueue queue = new MessageQueue(2, DropPolicy.DROP_NEWEST);
        queue.offer(delivery(1));
        queue.offer(delivery(2));
        queue.poll();
        assertThat(queue.offer(delivery(3))).isNull();
        assertThat(queue.dropped()).isZero();
        assertThat(drain(queue)).containsExactly("2", "3");
    }

    @ParameterizedTest
    @EnumSource(DropPolicy.class)
    void queueWithoutCapacityDropsEverything(DropPolicy policy) {
        MessageQueue queue = new MessageQueue(0, policy);
        assertThat(payload(queue.offer(delivery(1)))).isEqualTo("1");
        assertThat(payload(queue.offer(delivery(2)))).isEqualTo("2");
        assertThat(queue.isEmpty()).isTrue();
        assertThat(queue.dropped()).isEqualTo(2);
    }

    @Test
    void clearEmptiesTheQueueButKeepsTheDroppedCount() {
        MessageQueue queue = new MessageQueue(1, DropPolicy.DROP_NEWEST);
        queue.offer(delivery(1));
        queue.offer(delivery(2));
        queue.clear();
        assertThat(queue.isEmpty()).isTrue();
        assertThat(queue.dropped()).isEqualTo(1);
    }

    private static List<String> drain(MessageQueue queue) {
        List<String> payloads = new ArrayList<>();
        Delivery delivery;
        while ((delivery = queue.poll()) != null) {
            payloads.add(new String(delivery.message().payload()));
        }
        return payloads;
    }

    private static String payload(Delivery delivery) {
        return new String(delivery.message().payload());
    }

    private static Delivery delivery(int number) {
        return new Delivery(Message.of("q", Integer.toString(number), Qos.AT_LEAST_ONCE, false), Qos.AT_LEAST_ONCE,
                false);
    }
}
