package io.petrel.transport;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import java.util.Arrays;
import java.util.Locale;
import javax.net.ssl.SSLException;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslOptions;

/**
 * The TLS side of a listener, built from a Spring Boot SSL bundle. When the bundle's files change
 * ({@code reload-on-update}), {@link #update} swaps the context: new handshakes present the new
 * certificate, while open connections keep the session they negotiated.
 */
public final class TlsContext {

    /** Only versions without known weaknesses, unless the bundle's options name others. */
    private static final String[] DEFAULT_PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private final TlsClientAuth clientAuth;
    private volatile SslContext current;

    public TlsContext(SslBundle bundle, TlsClientAuth clientAuth) {
        this.clientAuth = clientAuth;
        this.current = build(bundle, clientAuth);
    }

    /** Takes the bundle's new certificate or trust material for every handshake from now on. */
    public void update(SslBundle bundle) {
        current = build(bundle, clientAuth);
    }

    public TlsClientAuth clientAuth() {
        return clientAuth;
    }

    SslHandler newHandler(ByteBufAllocator allocator) {
        return current.newHandler(allocator);
    }

    private static SslContext build(SslBundle bundle, TlsClientAuth clientAuth) {
        if (clientAuth != TlsClientAuth.NONE && bundle.getStores().getTrustStore() == null) {
            // Without a trust store the JDK would trust every public CA's client certificates.
            throw new IllegalArgumentException("client-auth " + clientAuth.name().toLowerCase(Locale.ROOT)
                    + " needs an SSL bundle with a trust store (the CA that issues client certificates)");
        }
        SslOptions options = bundle.getOptions();
        String[] protocols = options.getEnabledProtocols();
        String[] ciphers = options.getCiphers();
        try {
            SslContextBuilder builder = SslContextBuilder.forServer(bundle.getManagers().getKeyManagerFactory())
                    .sslProvider(SslProvider.JDK)
                    .protocols(protocols != null ? protocols : DEFAULT_PROTOCOLS)
                    .clientAuth(clientAuth.netty());
            if (clientAuth != TlsClientAuth.NONE) {
                builder.trustManager(bundle.getManagers().getTrustManagerFactory());
            }
            if (ciphers != null) {
                builder.ciphers(Arrays.asList(ciphers));
            }
            return builder.build();
        } catch (SSLException e) {
            throw new IllegalArgumentException("Cannot build a TLS context from the SSL bundle: " + e.getMessage(), e);
        }
    }
}
