package io.petrel.protocol;

/**
 * The user event the server fires on every open connection when it stops: MQTT 5 clients get DISCONNECT
 * 0x8B (server shutting down), the others a plain close. Wills are not published: the clients did not go
 * away, the broker did.
 */
public enum ServerStopping {
    INSTANCE
}
