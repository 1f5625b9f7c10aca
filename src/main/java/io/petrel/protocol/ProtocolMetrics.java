package io.petrel.protocol;

import io.petrel.message.Qos;

/**
 * What the protocol layer reports for metrics, per listener. Called on event loops and the
 * authentication threads for every message, so implementations only count (no locks, no I/O).
 */
public interface ProtocolMetrics {

    /** Counts nothing: the broker without a metrics registry. */
    ProtocolMetrics NONE = new ProtocolMetrics() {};

    /** Gives each listener its metrics. */
    @FunctionalInterface
    interface Factory {
        Factory NONE = listener -> ProtocolMetrics.NONE;

        ProtocolMetrics forListener(String listener);
    }

    /** A PUBLISH arrived from a client (before authorization). */
    default void received(Qos qos, int payloadBytes) {}

    /**
     * A PUBLISH went out to a client.
     *
     * @param latencyNanos time since the broker received the message, or -1 where that is not a delivery
     *     latency (a retained message sent on subscribe, a resend)
     */
    default void sent(Qos qos, int payloadBytes, long latencyNanos) {}

    /** The authenticator decided a CONNECT in this time, whatever it decided. */
    default void authenticated(long nanos) {}
}
