package io.petrel.auth;

import io.petrel.message.Qos;
import io.petrel.message.ReasonCode;
import org.jspecify.annotations.Nullable;

/**
 * A publish or subscribe decision: allowed (for a subscription, with the QoS granted, which may be lower
 * than requested) or denied with a reason code and optional reason string.
 */
public record AuthorizationResult(boolean allowed, @Nullable Qos grantedQos, ReasonCode reasonCode,
        @Nullable String reasonString) {

    private static final AuthorizationResult ALLOW = new AuthorizationResult(true, null, ReasonCode.SUCCESS, null);

    /** Allowed as requested. */
    public static AuthorizationResult allow() {
        return ALLOW;
    }

    /** Allowed, with at most this QoS (subscriptions). */
    public static AuthorizationResult allow(Qos grantedQos) {
        return new AuthorizationResult(true, grantedQos, ReasonCode.SUCCESS, null);
    }

    public static AuthorizationResult deny(ReasonCode reasonCode, @Nullable String reasonString) {
        return new AuthorizationResult(false, null, reasonCode, reasonString);
    }
}
