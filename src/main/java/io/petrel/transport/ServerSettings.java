package io.petrel.transport;

import java.time.Duration;

/**
 * Settings of the network side of the broker.
 *
 * @param ioThreads event loop threads for connections (0 = one per CPU core)
 * @param maxConnections connections accepted at once over all listeners (negative = no limit)
 * @param maxPacketSize the largest MQTT packet accepted, in bytes
 * @param maxClientIdLength the longest client id the decoder accepts
 * @param shutdownTimeout how long stopping may take before the event loops are forced down
 */
public record ServerSettings(int ioThreads, int maxConnections, int maxPacketSize, int maxClientIdLength,
        Duration shutdownTimeout) {

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
