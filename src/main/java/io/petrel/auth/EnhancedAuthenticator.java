package io.petrel.auth;

import java.util.Set;

/**
 * MQTT 5 enhanced authentication: the AUTH exchange for the authentication methods it names, at CONNECT and
 * for re-authentication. Declare beans of this type; a CONNECT whose Authentication Method one of them names
 * is decided by it alone (the {@link Authenticator} is not called), and the {@link Authorizer} applies as
 * usual afterwards. A method no bean names goes to the {@link Authenticator}, which refuses unknown ones with
 * 0x8C (bad authentication method).
 *
 * <p>Threading: {@link #start} and every {@link AuthenticationExchange#step} may block; the broker calls them
 * on the bounded {@code mqtt-auth} executor, one step at a time per exchange, each within
 * {@code mqtt.hook-timeout}. An exception or a timeout refuses the client.
 */
public interface EnhancedAuthenticator {

    /** The authentication method names this authenticator handles, such as {@code SCRAM-SHA-256}. */
    Set<String> methods();

    /**
     * Starts one exchange. Its first {@link AuthenticationExchange#step step} receives the authentication
     * data of the CONNECT (or of the AUTH packet that starts a re-authentication).
     *
     * @param request the CONNECT; for a re-authentication, the one the connection was accepted with (client
     *     id and user name as accepted)
     * @param reauthentication whether a connected client re-authenticates
     */
    AuthenticationExchange start(ConnectRequest request, boolean reauthentication);
}
