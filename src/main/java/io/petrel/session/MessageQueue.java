package io.petrel.session;

import io.petrel.routing.Delivery;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
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

    /**
     * Appends a delivery; when the queue is full, gives one up according to the policy and returns it
     * (the oldest queued one, or {@code delivery} itself). Returns null when nothing was dropped.
     */
    @Nullable Delivery offer(Delivery delivery) {
        if (deliveries.size() < capacity) {
            deliveries.addLast(delivery);
            return null;
        }
        dropped++;
        if (dropPolicy == DropPolicy.DROP_OLDEST && capacity > 0) {
            Delivery oldest = deliveries.pollFirst();
            deliveries.addLast(delivery);
            return oldest;
        }
        return delivery;
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

    /** Removes the deliveries that match, keeping the order of the rest. */
    List<Delivery> take(Predicate<Delivery> which) {
        List<Delivery> taken = new ArrayList<>();
        deliveries.removeIf(delivery -> which.test(delivery) && taken.add(delivery));
        return taken;
    }

    void clear() {
        deliveries.clear();
    }
}
