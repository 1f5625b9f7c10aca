package io.petrel.routing;

import java.util.function.Consumer;

/** Finds the subscriptions whose filters match a topic name. Thread-safe. */
@FunctionalInterface
public interface SubscriptionIndex {

    /** Calls {@code visitor} for every subscription whose filter matches {@code topic}. */
    void match(String topic, Consumer<Subscription> visitor);

    /** Both indexes, this one first: in cluster mode, this node's subscriptions and the other nodes'. */
    default SubscriptionIndex and(SubscriptionIndex other) {
        return (topic, visitor) -> {
            match(topic, visitor);
            other.match(topic, visitor);
        };
    }
}
