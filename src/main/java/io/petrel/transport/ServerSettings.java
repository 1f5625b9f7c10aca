package io.petrel.transport;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Settings of the network side of the broker.
 *
 * @param ioThreads event loop threads for connections (0 = one per CPU core)
 * @param maxConnections connections accepted at once over all listeners (negative = no limit)
 * @param maxPacketSize the largest MQTT packet accepted, in bytes (and the largest WebSocket frame)
 * @param maxClientIdLength the longest client id the decoder accepts
 * @param drainTimeout how long stopping waits for connections to close before closing them and the event
 *     loops by force
 * @param serverReference where MQTT 5 clients are told to go when the server stops (DISCONNECT 0x9C), or
 *     null to tell them it is shutting down (0x8B)
 */
public record ServerSettings(int ioThreads, int maxConnections, int maxPacketSize, int maxClientIdLength,
        Duration drainTimeout, @Nullable String serverReference) {

    /**
     * The decoder limits the remaining length of a packet, while the maximum packet size counts the whole
     * packet (MQTT 5 announces it as such): the largest remaining length whose packet still fits.
     */
    int maxRemainingLength() {
        int remaining = maxPacketSize - 2;
        while (remaining > 0 && 1 + variableByteIntegerSize(remaining) + remaining > maxPacketSize) {
            remaining--;
        }
        return Math.max(remaining, 1);
    }

    private static int variableByteIntegerSize(int value) {
        return value < 128 ? 1 : value < 16_384 ? 2 : value < 2_097_152 ? 3 : 4;
    }
}
