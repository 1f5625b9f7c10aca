package io.petrel.transport;

import io.petrel.protocol.CertificateIdentity;
import org.jspecify.annotations.Nullable;

/**
 * One socket the server listens on, and how it speaks.
 *
 * @param name the listener's name, as in {@code mqtt.listeners.<name>}
 * @param kind tcp, tls, ws or wss
 * @param host the address to bind ({@code 0.0.0.0} for all IPv4 addresses, {@code ::} for all)
 * @param port the port; 0 picks a free one
 * @param path WebSocket kinds: the HTTP path of the upgrade
 * @param tls TLS kinds: the server's certificate and TLS settings
 * @param proxyProtocol whether every connection starts with a PROXY protocol (v1 or v2) header
 * @param maxConnections connections open at once on this listener (negative = no limit)
 * @param maxConnectionRate connections accepted per second, with bursts up to that many (0 = no limit)
 * @param certificateIdentity what to take from a verified client certificate
 */
public record ListenerSpec(String name, ListenerKind kind, String host, int port, String path,
        @Nullable TlsContext tls, boolean proxyProtocol, int maxConnections, int maxConnectionRate,
        CertificateIdentity certificateIdentity) {

    public ListenerSpec {
        if (kind.isTls() != (tls != null)) {
            throw new IllegalArgumentException("listener " + name + ": a " + kind + " listener "
                    + (kind.isTls() ? "needs" : "takes no") + " TLS settings");
        }
    }

    /** A plain TCP listener without limits, as tests and embedded uses want. */
    public static ListenerSpec tcp(String name, String host, int port) {
        return new ListenerSpec(name, ListenerKind.TCP, host, port, "", null, false, -1, 0, CertificateIdentity.NONE);
    }
}
