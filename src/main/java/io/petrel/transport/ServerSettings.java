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
        Duration shutdownTimeout) {}
