package io.petrel.auth;

import org.jspecify.annotations.Nullable;

/**
 * One enhanced-authentication exchange with one client, holding its state between steps. The broker keeps
 * it for the connection and drops it when the exchange ends. Steps are never called concurrently.
 */
@FunctionalInterface
public interface AuthenticationExchange {

    /**
     * Answers the client's authentication data: first the data of the CONNECT (or of AUTH 0x19), then of each
     * AUTH 0x18 (continue authentication) the client sends.
     *
     * @param clientData the client's authentication data, or null when its packet carried none
     */
    AuthenticationStep step(byte @Nullable [] clientData);
}
