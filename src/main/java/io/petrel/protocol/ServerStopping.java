package io.petrel.protocol;

import org.jspecify.annotations.Nullable;

/**
 * The user event the server fires on every open connection when it stops: MQTT 5 clients get DISCONNECT
 * 0x8B (server shutting down), or 0x9C (use another server) with the server reference when one is
 * configured; the others a plain close. Wills are not published: the clients did not go away, the broker
 * did.
 *
 * @param serverReference where MQTT 5 clients should reconnect, or null
 */
public record ServerStopping(@Nullable String serverReference) {}
