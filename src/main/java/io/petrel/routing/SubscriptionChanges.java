package io.petrel.routing;

/**
 * Told of every change to a {@link SubscriptionTree}, on the thread that made it (a session's event loop):
 * cluster mode publishes this node's subscriptions to the other nodes through it. Implementations must not
 * block.
 */
public interface SubscriptionChanges {

    /** No one is told: the in-memory broker's default. */
    SubscriptionChanges NONE = new SubscriptionChanges() {
        @Override
        public void added(Subscription subscription) {}

        @Override
        public void removed(String clientId, TopicFilter filter) {}
    };

    /** A subscription was added, or replaced one of the same client to the same filter. */
    void added(Subscription subscription);

    /** The client's subscription to the filter was removed. */
    void removed(String clientId, TopicFilter filter);
}
