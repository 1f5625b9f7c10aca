package io.petrel.auth;

import java.net.InetSocketAddress;
import org.jspecify.annotations.Nullable;

/** An accepted client, as authorization decisions see it. */
public record ClientInfo(String clientId, @Nullable String username, InetSocketAddress remoteAddress,
        int protocolVersion, String listener) {}
