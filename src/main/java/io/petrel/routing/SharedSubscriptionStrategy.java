package io.petrel.routing;

/** How a shared subscription group picks the member that receives a message. */
public enum SharedSubscriptionStrategy {
    /** Members in turn. */
    ROUND_ROBIN,
    /** A member at random. */
    RANDOM,
    /** The same member for all messages of one publisher (by a hash of its client id; of the topic otherwise). */
    HASH,
    /** The same member as last time, for as long as it stays connected and subscribed. */
    STICKY
}
