package io.petrel.routing;

/** Where the router hands deliveries: the sessions, found by client identifier. Thread-safe. */
public interface DeliveryTarget {

    /** Hands a delivery to the client's session; returns false when the client has no session. */
    boolean deliver(String clientId, Delivery delivery);

    /** Whether the client has a session with a connection attached right now. */
    boolean isConnected(String clientId);

    /**
     * Called once the router has handed over every delivery of one message, on the same thread: a target
     * that batches deliveries (cluster mode, one forward per node) sends the batch here.
     */
    default void flush() {}
}
