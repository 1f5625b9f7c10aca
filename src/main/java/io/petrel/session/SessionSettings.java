package io.petrel.session;

/**
 * Limits that every session applies.
 *
 * @param maxInflightMessages outbound QoS 1 and 2 messages sent but not yet acknowledged, per session
 * @param maxQueuedMessages messages held for a session while its client is offline or slow
 * @param dropPolicy which message a full queue gives up
 */
public record SessionSettings(int maxInflightMessages, int maxQueuedMessages, DropPolicy dropPolicy) {

    public SessionSettings {
        if (maxInflightMessages < 1 || maxInflightMessages > 65535) {
            throw new IllegalArgumentException("maxInflightMessages must be between 1 and 65535");
        }
        if (maxQueuedMessages < 0) {
            throw new IllegalArgumentException("maxQueuedMessages must not be negative");
        }
    }
}
