package io.petrel.protocol;

import io.petrel.auth.AuthenticationExchange;
import java.util.concurrent.Future;
import org.jspecify.annotations.Nullable;

/**
 * One enhanced-authentication exchange of a connection. While it waits for the client's next AUTH packet it
 * is kept on the connection, confined to its event loop.
 *
 * @param method the authentication method
 * @param attempt the CONNECT being authenticated; null for a re-authentication
 * @param deadline closes the connection when a re-authentication takes too long; null at CONNECT, which the
 *     connect timeout bounds
 * @param state the authenticator's state for the next step; null until the first step returned it
 */
record AuthExchange(String method, @Nullable ConnectAttempt attempt, @Nullable Future<?> deadline,
        @Nullable AuthenticationExchange state) {

    /** This exchange, waiting for the client with the authenticator's state. */
    AuthExchange waitingWith(AuthenticationExchange next) {
        return new AuthExchange(method, attempt, deadline, next);
    }

    /** Stops the re-authentication deadline: the exchange has ended. */
    void end() {
        if (deadline != null) {
            deadline.cancel(false);
        }
    }
}
