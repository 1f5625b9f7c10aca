package io.petrel.auth;

import java.net.InetSocketAddress;
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
 */
public record ConnectRequest(
        String clientId,
        @Nullable String username,
        byte @Nullable [] password,
        InetSocketAddress remoteAddress,
        int protocolVersion,
        String listener) {

    /** Whether the client connects from a loopback address (127.0.0.0/8 or ::1). */
    public boolean isFromLoopback() {
        return remoteAddress.getAddress() != null && remoteAddress.getAddress().isLoopbackAddress();
    }
}
