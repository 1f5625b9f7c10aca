package io.petrel.auth;

import io.petrel.message.UserProperty;
import java.net.InetSocketAddress;
import java.security.cert.X509Certificate;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What a client presents in CONNECT, plus where it comes from.
 *
 * @param clientId the client identifier (assigned by the broker when the client sent an empty one)
 * @param username the user name, when the client sent one
 * @param password the password bytes, when the client sent them
 * @param remoteAddress the client's address
 * @param protocolVersion 3 (MQTT 3.1), 4 (3.1.1) or 5
 * @param listener the name of the listener the client connected to
 * @param authenticationMethod MQTT 5 authentication method, when the client sent one
 * @param authenticationData MQTT 5 authentication data, when the client sent it
 * @param userProperties MQTT 5 user properties of the CONNECT, in order
 * @param certificates the client's TLS certificate chain, client certificate first, already verified
 *     against the listener's trust store; empty without TLS or when the client presented none
 */
public record ConnectRequest(
        String clientId,
        @Nullable String username,
        byte @Nullable [] password,
        InetSocketAddress remoteAddress,
        int protocolVersion,
        String listener,
        @Nullable String authenticationMethod,
        byte @Nullable [] authenticationData,
        List<UserProperty> userProperties,
        List<X509Certificate> certificates) {

    public ConnectRequest {
        userProperties = List.copyOf(userProperties);
        certificates = List.copyOf(certificates);
    }

    /** A request without MQTT 5 authentication or user properties. */
    public ConnectRequest(String clientId, @Nullable String username, byte @Nullable [] password,
            InetSocketAddress remoteAddress, int protocolVersion, String listener) {
        this(clientId, username, password, remoteAddress, protocolVersion, listener, null, null, List.of(), List.of());
    }

    /** Whether the client presented a certificate that the listener's trust store verified. */
    public boolean hasVerifiedCertificate() {
        return !certificates.isEmpty();
    }

    /** Whether the client connects from a loopback address (127.0.0.0/8 or ::1). */
    public boolean isFromLoopback() {
        return remoteAddress.getAddress() != null && remoteAddress.getAddress().isLoopbackAddress();
    }
}
