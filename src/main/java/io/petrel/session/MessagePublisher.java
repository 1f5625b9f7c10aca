package io.petrel.session;

import io.petrel.message.Message;
import io.petrel.retain.RetainedMessageStore;
import io.petrel.routing.Delivery;
import io.petrel.routing.MessageRouter;

/**
 * Publishes a message into the broker, from a client, a will or the broker itself: stores it when it is
 * retained, then routes it to the subscribers. Thread-safe.
 */
public final class MessagePublisher {

    private final RetainedMessageStore retainedMessages;
    private final MessageRouter router;

    public MessagePublisher(RetainedMessageStore retainedMessages, MessageRouter router) {
        this.retainedMessages = retainedMessages;
        this.router = router;
    }

    /** Hands a delivery that a leaving member of a shared subscription group left unacknowledged to another member. */
    public void redeliverToGroup(Delivery delivery, String leavingClientId) {
        router.redeliverToGroup(delivery, leavingClientId);
    }

    /** Returns how many subscribers the message was handed to. */
    public int publish(Message message) {
        if (message.retain()) {
            retainedMessages.put(message);
        }
        // A retained message with an empty payload clears the topic and still reaches current subscribers.
        return router.route(message);
    }
}
