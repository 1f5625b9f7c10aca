package io.petrel.transport;

import io.netty.handler.ssl.ClientAuth;

/** Whether a TLS listener asks clients for a certificate. */
public enum TlsClientAuth {

    /** No client certificate is asked for. */
    NONE(ClientAuth.NONE),
    /** A certificate is asked for; a client without one still connects, one with an untrusted one does not. */
    WANT(ClientAuth.OPTIONAL),
    /** Only clients with a certificate the trust store verifies connect. */
    NEED(ClientAuth.REQUIRE);

    private final ClientAuth netty;

    TlsClientAuth(ClientAuth netty) {
        this.netty = netty;
    }

    ClientAuth netty() {
        return netty;
    }
}
