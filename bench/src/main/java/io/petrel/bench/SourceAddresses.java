package io.petrel.bench;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Local addresses 127.0.0.1 … 127.0.0.N handed out round-robin. Each address has its own ephemeral port
 * range, so many connections (and their TIME_WAIT leftovers) do not run out of ports.
 */
final class SourceAddresses {

    private final InetSocketAddress[] addresses;
    private final AtomicInteger next = new AtomicInteger();

    SourceAddresses(int count) {
        if (count < 1 || count > 254) {
            throw new IllegalArgumentException("--sources must be between 1 and 254, got " + count);
        }
        addresses = new InetSocketAddress[count];
        for (int i = 0; i < count; i++) {
            addresses[i] = new InetSocketAddress(loopback(i + 1), 0);
        }
    }

    InetSocketAddress next() {
        return addresses[Math.floorMod(next.getAndIncrement(), addresses.length)];
    }

    private static InetAddress loopback(int lastOctet) {
        try {
            return InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) lastOctet});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
