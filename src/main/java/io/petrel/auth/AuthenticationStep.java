package io.petrel.auth;

import io.petrel.message.ReasonCode;
import org.jspecify.annotations.Nullable;

/**
 * The outcome of one step of enhanced authentication: a challenge (the broker sends AUTH 0x18 with
 * {@code data} and waits for the client's answer), or the end of the exchange with a result: accepted
 * ({@code data} goes to the client in CONNACK, or in AUTH 0x00 after a re-authentication) or refused.
 *
 * @param result null for a challenge; the decision when the exchange ends. An acceptance may carry what an
 *     {@link Authenticator}'s may (user name, roles, permissions, limits); construct the step directly for that.
 * @param data authentication data for the client, if any
 */
public record AuthenticationStep(@Nullable AuthenticationResult result, byte @Nullable [] data) {

    /** Asks the client to continue with another AUTH packet that answers {@code data}. */
    public static AuthenticationStep challenge(byte[] data) {
        return new AuthenticationStep(null, data);
    }

    /**
     * Accepts the client, sending it {@code data}.
     *
     * @param username the user name the exchange proved, which the client carries from then on in place of the
     *     one in its CONNECT; null keeps the CONNECT's
     */
    public static AuthenticationStep success(@Nullable String username, byte @Nullable [] data) {
        return new AuthenticationStep(AuthenticationResult.accept().withUsername(username), data);
    }

    /**
     * Refuses the client with an error reason code: in CONNACK, or in DISCONNECT when re-authenticating, so a
     * code that both packets know (0x87 not authorized, 0x8C bad authentication method) suits either.
     */
    public static AuthenticationStep failure(ReasonCode reasonCode, @Nullable String reasonString) {
        return new AuthenticationStep(AuthenticationResult.refuse(reasonCode, reasonString), null);
    }

    /** Whether the exchange goes on with another AUTH packet from the client. */
    public boolean isChallenge() {
        return result == null;
    }
}
