package io.petrel.auth;

import io.petrel.message.ReasonCode;
import org.jspecify.annotations.Nullable;

/**
 * The answer to a CONNECT: accepted, or refused with a reason code (sent to MQTT 3.1.1 clients as the
 * nearest CONNACK return code) and an optional reason string.
 */
public record AuthenticationResult(boolean accepted, ReasonCode reasonCode, @Nullable String reasonString) {

    public static AuthenticationResult accept() {
        return new AuthenticationResult(true, ReasonCode.SUCCESS, null);
    }

    public static AuthenticationResult refuse(ReasonCode reasonCode, @Nullable String reasonString) {
        if (!reasonCode.isError()) {
            throw new IllegalArgumentException("a refusal needs an error reason code: " + reasonCode);
        }
        return new AuthenticationResult(false, reasonCode, reasonString);
    }
}
