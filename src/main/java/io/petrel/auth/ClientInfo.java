package io.petrel.auth;

import java.net.InetSocketAddress;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * An accepted client, as authorization decisions see it.
 *
 * @param username the authenticated user name (the Authenticator's, else CONNECT's)
 * @param roles the roles the Authenticator gave the client
 * @param permissions the client's own ACL rules, when the Authenticator attached any
 * @param limits the client's own limits
 */
public record ClientInfo(String clientId, @Nullable String username, InetSocketAddress remoteAddress,
        int protocolVersion, String listener, Set<String> roles, @Nullable Permissions permissions,
        ClientLimits limits) {

    public ClientInfo {
        roles = Set.copyOf(roles);
    }

    /** A client without roles, permissions or limits of its own. */
    public ClientInfo(String clientId, @Nullable String username, InetSocketAddress remoteAddress,
            int protocolVersion, String listener) {
        this(clientId, username, remoteAddress, protocolVersion, listener, Set.of(), null, ClientLimits.NONE);
    }
}
