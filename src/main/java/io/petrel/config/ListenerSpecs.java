package io.petrel.config;

import io.petrel.protocol.CertificateIdentity;
import io.petrel.transport.ListenerKind;
import io.petrel.transport.ListenerSpec;
import io.petrel.transport.TlsClientAuth;
import io.petrel.transport.TlsContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;

/**
 * Turns {@code mqtt.listeners.*} into the listeners to start, with the kind's defaults filled in and every
 * inconsistency refused with the property to fix. TLS listeners follow their SSL bundle's updates.
 */
final class ListenerSpecs {

    private static final Logger log = LoggerFactory.getLogger(ListenerSpecs.class);

    private ListenerSpecs() {}

    static List<ListenerSpec> from(Map<String, ListenerProperties> listeners, @Nullable SslBundles bundles) {
        List<ListenerSpec> specs = new ArrayList<>();
        listeners.forEach((name, listener) -> {
            ListenerKind kind = kind(name, listener);
            boolean enabled = listener.getEnabled() != null ? listener.getEnabled()
                    : !kind.isTls() || listener.getSslBundle() != null;
            if (enabled) {
                specs.add(spec(name, kind, listener, bundles));
            }
        });
        if (specs.isEmpty()) {
            throw new IllegalArgumentException("mqtt.listeners: at least one listener must be enabled");
        }
        return specs;
    }

    private static ListenerKind kind(String name, ListenerProperties listener) {
        if (listener.getKind() != null) {
            return listener.getKind();
        }
        return ListenerKind.ofName(name).orElseThrow(() -> new IllegalArgumentException(
                property(name, "kind") + " is required (tcp, tls, ws or wss) for a listener not named after its kind"));
    }

    private static ListenerSpec spec(String name, ListenerKind kind, ListenerProperties listener,
            @Nullable SslBundles bundles) {
        int port = listener.getPort() != null ? listener.getPort() : kind.defaultPort();
        require(port >= 0 && port <= 65535, property(name, "port") + " must be between 0 and 65535: " + port);
        require(listener.getMaxConnectionRate() >= 0, property(name, "max-connection-rate") + " must not be negative");
        require(!kind.isWebSocket() || listener.getPath().startsWith("/"),
                property(name, "path") + " must start with /: " + listener.getPath());
        CertificateIdentity identity = new CertificateIdentity(listener.getUsernameFromCertificate(),
                listener.getClientIdFromCertificate());
        boolean takesIdentity = !identity.equals(CertificateIdentity.NONE);
        if (!kind.isTls()) {
            require(listener.getSslBundle() == null && listener.getClientAuth() == TlsClientAuth.NONE && !takesIdentity,
                    property(name, "ssl-bundle, client-auth and *-from-certificate") + " apply to tls and wss listeners only");
        }
        require(!takesIdentity || listener.getClientAuth() != TlsClientAuth.NONE,
                property(name, "username-from-certificate / client-id-from-certificate") + " need "
                        + property(name, "client-auth") + " want or need");
        TlsContext tls = kind.isTls() ? tls(name, listener, bundles) : null;
        return new ListenerSpec(name, kind, listener.getHost(), port, listener.getPath(), tls,
                listener.isProxyProtocol(), listener.getMaxConnections(), listener.getMaxConnectionRate(), identity);
    }

    private static TlsContext tls(String name, ListenerProperties listener, @Nullable SslBundles bundles) {
        String bundleName = listener.getSslBundle();
        require(bundleName != null, property(name, "ssl-bundle") + " is required for a " + name
                + " listener: name a bundle from spring.ssl.bundle.pem.* or spring.ssl.bundle.jks.*");
        require(bundles != null, property(name, "ssl-bundle") + " names " + bundleName
                + ", but no SSL bundles are configured (spring.ssl.bundle.*)");
        try {
            SslBundle bundle = bundles.getBundle(bundleName);
            TlsContext tls = new TlsContext(bundle, listener.getClientAuth());
            bundles.addBundleUpdateHandler(bundleName, updated -> reload(name, bundleName, tls, updated));
            return tls;
        } catch (NoSuchSslBundleException e) {
            throw new IllegalArgumentException(property(name, "ssl-bundle") + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("mqtt.listeners." + name + ": " + e.getMessage(), e);
        }
    }

    /** Runs on Spring Boot's file watcher thread when the bundle's files change. */
    private static void reload(String name, String bundleName, TlsContext tls, SslBundle updated) {
        try {
            tls.update(updated);
            log.info("Listener {} serves the updated SSL bundle {} to new connections", name, bundleName);
        } catch (RuntimeException e) {
            log.error("Listener {} keeps its previous certificate: the updated SSL bundle {} is not usable: {}", name,
                    bundleName, e.getMessage());
        }
    }

    private static String property(String listener, String key) {
        return "mqtt.listeners." + listener + "." + key;
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
