package io.petrel.auth;

/**
 * Decides whether a CONNECT is accepted. Declare a bean of this type to replace the default.
 *
 * <p>Threading: may block (a database or HTTP call is fine); the broker calls it on the bounded
 * {@code mqtt-auth} executor, never on a network event loop. An exception, a null result or no answer within
 * {@code mqtt.hook-timeout} refuses the client with 0x87 (not authorized). A CONNECT whose authentication
 * method an {@link EnhancedAuthenticator} handles does not come here.
 */
@FunctionalInterface
public interface Authenticator {

    AuthenticationResult authenticate(ConnectRequest request);
}
