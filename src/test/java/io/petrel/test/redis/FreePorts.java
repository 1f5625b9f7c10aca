package io.petrel.test.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * Loopback ports that were free a moment ago. Another process may still take one before Redis binds it, so
 * {@link RedisServer} retries with a new port when Redis reports the address in use.
 */
public final class FreePorts {

    /** Redis Cluster listens for its bus on the client port plus this offset (Redis 6 cannot move it). */
    static final int CLUSTER_BUS_OFFSET = 10000;

    private static final int MAX_PORT = 65535;

    private static final int ATTEMPTS = 100;

    private FreePorts() {}

    /** Any free port. */
    public static int any() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException ex) {
            throw new UncheckedIOException("no free loopback port", ex);
        }
    }

    /** A free port whose cluster bus port ({@code port + 10000}) is a valid port and free too. */
    static int withClusterBus() {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            int port = any();
            if (port + CLUSTER_BUS_OFFSET <= MAX_PORT && isFree(port + CLUSTER_BUS_OFFSET)) {
                return port;
            }
        }
        throw new IllegalStateException(
                "no free loopback port with a free cluster bus port after " + ATTEMPTS + " tries");
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException ex) {
            return false;
        }
    }
}
