package io.petrel.auth;

/**
 * Decides whether a CONNECT is accepted. Declare a bean of this type to replace the default.
 *
 * <p>Threading: may block (a database or HTTP call is fine); the broker calls it on the bounded
 * {@code mqtt-auth} executor, never on a network event loop. An exception refuses the client.
 */
@FunctionalInterface
public interface Authenticator {

    AuthenticationResult authenticate(ConnectRequest request);
}
