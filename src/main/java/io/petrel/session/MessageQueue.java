package io.petrel.session;

import io.petrel.routing.Delivery;
import java.util.ArrayDeque;
import org.jspecify.annotations.Nullable;

/** The bounded FIFO of deliveries a session holds back. Confined to the session's owner thread. */
final class MessageQueue {

    private final ArrayDeque<Delivery> deliveries = new ArrayDeque<>(0); // grows only when something is held back
    private final int capacity;
    private final DropPolicy dropPolicy;
    private long dropped;

    MessageQueue(int capacity, DropPolicy dropPolicy) {
        this.capacity = capacity;
        this.dropPolicy = dropPolicy;
    }

    /** Appends a delivery; when full, drops one according to the policy and returns false. */
    boolean offer(Delivery delivery) {
        if (deliveries.size() < capacity) {
            deliveries.addLast(delivery);
            return true;
        }
        dropped++;
        if (dropPolicy == DropPolicy.DROP_OLDEST && capacity > 0) {
            deliveries.pollFirst();
            deliveries.addLast(delivery);
        }
        return false;
    }

    @Nullable Delivery peek() {
        return deliveries.peekFirst();
    }

    @Nullable Delivery poll() {
        return deliveries.pollFirst();
    }

    boolean isEmpty() {
        return deliveries.isEmpty();
    }

    int size() {
        return deliveries.size();
    }

    long dropped() {
        return dropped;
    }

    void clear() {
        deliveries.clear();
    }
}
