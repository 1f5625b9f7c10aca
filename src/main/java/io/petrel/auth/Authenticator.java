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

    /**
     * Whether {@link #authenticate} answers this request at once: from memory, with no I/O, no lock wait and
     * no password hashing. The broker then calls it on the connection's event loop instead of handing the
     * request to {@code mqtt-auth} and back, which is most of the cost of an anonymous connection. Answer
     * true only when that holds for every call with such a request; a wrong true stalls every connection on
     * the event loop for as long as the call takes. The default, false, is always safe.
     */
    default boolean answersAtOnce(ConnectRequest request) {
        return false;
    }
}
