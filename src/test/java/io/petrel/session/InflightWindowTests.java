package io.petrel.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.petrel.message.Message;
import io.petrel.message.Qos;
import io.petrel.routing.Delivery;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class InflightWindowTests {

    private final InflightWindow window = new InflightWindow(10);

    @Test
    void packetIdentifiersStartAtOneAndCountUp() {
        assertThat(window.add(delivery(Qos.AT_LEAST_ONCE))).isEqualTo(1);
        assertThat(window.add(delivery(Qos.EXACTLY_ONCE))).isEqualTo(2);
        assertThat(window.add(delivery(Qos.AT_LEAST_ONCE))).isEqualTo(3);
        assertThat(window.size()).isEqualTo(3);
    }

    @Test
    void acknowledgedPacketIdentifierIsNotReusedImmediately() {
        int first = window.add(delivery(Qos.AT_LEAST_ONCE));
        window.acknowledge(first);
        assertThat(window.add(delivery(Qos.AT_LEAST_ONCE))).isEqualTo(first + 1);
    }

    @Test
    void packetIdentifiersWrapAfter65535AndSkipThoseInFlight() {
        InflightWindow large = new InflightWindow(65535);
        assertThat(large.add(delivery(Qos.AT_LEAST_ONCE))).isEqualTo(1);
        assertThat(large.add(delivery(Qos.EXACTLY_ONCE))).isEqualTo(2);
        for (int expected = 3; expected <= 65535; expected++) {
            int packetId = large.add(delivery(Qos.AT_LEAST_ONCE));
            assertThat(packetId).isEqualTo(expected);
            assertThat(large.acknowledge(packetId)).isTrue();
        }
        // 1 and 2 are still in flight [MQTT-2.3.1-2]; packet identifier 0 is never used
        assertThat(large.add(delivery(Qos.AT_LEAST_ONCE))).isEqualTo(3);
        assertThat(large.acknowledge(1)).isTrue();
        assertThat(large.add(delivery(Qos.AT_LEAST_ONCE))).isEqualTo(4);
    }

    @Test
    void packetIdentifierIsNeverReusedWhileInFlight() {
        InflightWindow large = new InflightWindow(65535);
        Set<Integer> inFlight = new HashSet<>();
        // keep every 7th message in flight across two wraps of the identifier space
        for (int i = 0; i < 140_000; i++) {
            int packetId = large.add(delivery(Qos.AT_LEAST_ONCE));
            assertThat(packetId).isBetween(1, 65535);
            assertThat(inFlight.add(packetId)).as("packet id %d reused while in flight", packetId).isTrue();
            if (i % 7 != 0) {
                large.acknowledge(packetId);
                inFlight.remove(packetId);
            }
            if (inFlight.size() > 20_000) {
                int oldest = large.entries().iterator().next().packetId;
                large.acknowledge(oldest);
                inFlight.remove(oldest);
            }
        }
        assertThat(large.size()).isEqualTo(inFlight.size());
    }

    @Test
    void windowIsFullAtCapacity() {
        InflightWindow small = new InflightWindow(2);
        assertThat(small.isFull()).isFalse();
        small.add(delivery(Qos.AT_LEAST_ONCE));
        assertThat(small.isFull()).isFalse();
        small.add(delivery(Qos.AT_LEAST_ONCE));
        assertThat(small.isFull()).isTrue();
        small.acknowledge(1);
        assertThat(small.isFull()).isFalse();
    }

    @Test
    void capacityCanChangeWhileMessagesAreInFlight() {
        InflightWindow small = new InflightWindow(3);
        small.add(delivery(Qos.AT_LEAST_ONCE));
        small.add(delivery(Qos.AT_LEAST_ONCE));
        small.setCapacity(1);
        assertThat(small.isFull()).isTrue();
        small.setCapacity(5);
        assertThat(small.isFull()).isFalse();
    }

    @Test
    void pubackCompletesAQos1MessageOnce() {
        int packetId = window.add(delivery(Qos.AT_LEAST_ONCE));
        assertThat(window.acknowledge(packetId)).isTrue();
        assertThat(window.acknowledge(packetId)).isFalse();
        assertThat(window.size()).isZero();
    }

    @Test
    void pubackForUnknownPacketIdentifierIsRefused() {
        window.add(delivery(Qos.AT_LEAST_ONCE));
        assertThat(window.acknowledge(42)).isFalse();
        assertThat(window.size()).isEqualTo(1);
    }

    @Test
    void pubackForAQos2MessageIsRefused() {
        int packetId = window.add(delivery(Qos.EXACTLY_ONCE));
        assertThat(window.acknowledge(packetId)).isFalse();
        window.release(packetId);
        assertThat(window.acknowledge(packetId)).isFalse();
        assertThat(window.size()).isEqualTo(1);
    }

    @Test
    void pubrecForAQos1MessageIsRefused() {
        int packetId = window.add(delivery(Qos.AT_LEAST_ONCE));
        assertThat(window.release(packetId)).isFalse();
        assertThat(window.release(99)).isFalse();
        assertThat(window.entries()).singleElement().satisfies((entry) -> assertThat(entry.released).isFalse());
    }

    @Test
    void pubcompBeforePubrecIsRefused() {
        int packetId = window.add(delivery(Qos.EXACTLY_ONCE));
        assertThat(window.complete(packetId)).isFalse();
        assertThat(window.size()).isEqualTo(1);
    }

    @Test
    void qos2MessageCompletesAfterPubrecThenPubcomp() {
        int packetId = window.add(delivery(Qos.EXACTLY_ONCE));
        assertThat(window.release(packetId)).isTrue();
        assertThat(window.release(packetId)).as("a repeated PUBREC is answered again").isTrue();
        assertThat(window.entries()).singleElement().satisfies((entry) -> assertThat(entry.released).isTrue());
        assertThat(window.complete(packetId)).isTrue();
        assertThat(window.complete(packetId)).isFalse();
        assertThat(window.size()).isZero();
    }

    @Test
    void pubcompForAQos1MessageIsRefused() {
        int packetId = window.add(delivery(Qos.AT_LEAST_ONCE));
        assertThat(window.complete(packetId)).isFalse();
        assertThat(window.size()).isEqualTo(1);
    }

    @Test
    void entriesAreInSendOrderForResending() {
        List<Delivery> sent = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            Delivery delivery = delivery(i % 2 == 0 ? Qos.AT_LEAST_ONCE : Qos.EXACTLY_ONCE);
            sent.add(delivery);
            window.add(delivery);
        }
        window.acknowledge(3);
        window.release(2);
        assertThat(window.entries()).extracting((entry) -> entry.packetId).containsExactly(1, 2, 4, 5, 6);
        assertThat(window.entries()).extracting((entry) -> entry.delivery)
                .containsExactly(sent.get(0), sent.get(1), sent.get(3), sent.get(4), sent.get(5));
    }

    @Test
    void entriesKeepSendOrderAcrossTheWrap() {
        InflightWindow large = new InflightWindow(65535);
        for (int i = 1; i <= 65533; i++) {
            large.acknowledge(large.add(delivery(Qos.AT_LEAST_ONCE)));
        }
        List<Integer> sent = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            sent.add(large.add(delivery(Qos.AT_LEAST_ONCE)));
        }
        assertThat(sent).containsExactly(65534, 65535, 1, 2);
        assertThat(large.entries()).extracting((entry) -> entry.packetId).containsExactlyElementsOf(sent);
    }

    @Test
    void clearForgetsEverything() {
        window.add(delivery(Qos.AT_LEAST_ONCE));
        window.add(delivery(Qos.EXACTLY_ONCE));
        window.clear();
        assertThat(window.size()).isZero();
        assertThat(window.entries()).isEmpty();
    }

    static Delivery delivery(Qos qos) {
        return new Delivery(Message.of("a/b", "x", qos, false), qos, false);
    }
}
