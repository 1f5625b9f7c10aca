package io.petrel.auth;

import org.jspecify.annotations.Nullable;

/**
 * Limits an Authenticator may set for one client, tighter than the broker-wide ones. Unset values leave
 * the broker's setting in force; a value larger than the broker's setting does not raise it.
 *
 * @param maxInflightMessages outbound QoS 1 and 2 messages sent to this client and not yet acknowledged
 * @param maxSessionExpirySeconds the longest session expiry interval this client is granted; a client that
 *     asks for more is told the shorter interval in its MQTT 5 CONNACK
 */
public record ClientLimits(@Nullable Integer maxInflightMessages, @Nullable Long maxSessionExpirySeconds) {

    /** No limits beyond the broker's. */
    public static final ClientLimits NONE = new ClientLimits(null, null);

    public ClientLimits {
        if (maxInflightMessages != null && maxInflightMessages < 1) {
            throw new IllegalArgumentException("maxInflightMessages must be at least 1: " + maxInflightMessages);
        }
        if (maxSessionExpirySeconds != null && maxSessionExpirySeconds < 0) {
            throw new IllegalArgumentException("maxSessionExpirySeconds must not be negative: " + maxSessionExpirySeconds);
        }
    }

    /** The in-flight window for a client that accepts {@code clientReceiveMaximum} messages. */
    public int inflightMessages(int clientReceiveMaximum) {
        return maxInflightMessages == null ? clientReceiveMaximum : Math.min(clientReceiveMaximum, maxInflightMessages);
    }

    /** The session expiry interval granted when the broker would otherwise grant {@code seconds}. */
    public long sessionExpirySeconds(long seconds) {
        return maxSessionExpirySeconds == null ? seconds : Math.min(seconds, maxSessionExpirySeconds);
    }
}
