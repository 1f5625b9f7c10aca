package io.petrel.auth;

import org.jspecify.annotations.Nullable;

/**
 * Limits an Authenticator may set for one client, tighter than the broker-wide ones. Unset values leave
 * the broker's setting in force; a value larger than the broker's setting does not raise it.
 *
 * @param maxInflightMessages outbound QoS 1 and 2 messages sent to this client and not yet acknowledged
 * @param maxSessionExpirySeconds the longest session expiry interval this client is granted; a client that
 *     asks for more is told the shorter interval in its MQTT 5 CONNACK
 * @param maxSubscriptions subscriptions this client's session may hold; one more is refused with 0x97 quota
 *     exceeded (MQTT 3.1.1: 0x80)
 */
public record ClientLimits(@Nullable Integer maxInflightMessages, @Nullable Long maxSessionExpirySeconds,
        @Nullable Integer maxSubscriptions) {

    /** No limits beyond the broker's. */
    public static final ClientLimits NONE = new ClientLimits(null, null, null);

    public ClientLimits {
        if (maxInflightMessages != null && maxInflightMessages < 1) {
            throw new IllegalArgumentException("maxInflightMessages must be at least 1: " + maxInflightMessages);
        }
        if (maxSessionExpirySeconds != null && maxSessionExpirySeconds < 0) {
            throw new IllegalArgumentException("maxSessionExpirySeconds must not be negative: " + maxSessionExpirySeconds);
        }
        if (maxSubscriptions != null && maxSubscriptions < 1) {
            throw new IllegalArgumentException("maxSubscriptions must be at least 1: " + maxSubscriptions);
        }
    }

    /** Limits on the in-flight window and the session expiry only. */
    public ClientLimits(@Nullable Integer maxInflightMessages, @Nullable Long maxSessionExpirySeconds) {
        this(maxInflightMessages, maxSessionExpirySeconds, null);
    }

    /** The in-flight window for a client that accepts {@code clientReceiveMaximum} messages. */
    public int inflightMessages(int clientReceiveMaximum) {
        return maxInflightMessages == null ? clientReceiveMaximum : Math.min(clientReceiveMaximum, maxInflightMessages);
    }

    /** The session expiry interval granted when the broker would otherwise grant {@code seconds}. */
    public long sessionExpirySeconds(long seconds) {
        return maxSessionExpirySeconds == null ? seconds : Math.min(seconds, maxSessionExpirySeconds);
    }

    /** The subscriptions this client may hold when the broker allows {@code brokerLimit} (0 = no limit). */
    public int subscriptions(int brokerLimit) {
        if (maxSubscriptions == null) {
            return brokerLimit;
        }
        return brokerLimit == 0 ? maxSubscriptions : Math.min(brokerLimit, maxSubscriptions);
    }
}
