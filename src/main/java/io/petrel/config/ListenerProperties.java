package io.petrel.config;

import io.petrel.auth.CertificateField;
import io.petrel.transport.ListenerKind;
import io.petrel.transport.TlsClientAuth;
import org.jspecify.annotations.Nullable;

/** One network listener. */
public class ListenerProperties {

    /** tcp, tls, ws or wss; defaults to the listener's name when that is one of them. */
    private @Nullable ListenerKind kind;

    /**
     * Whether this listener starts. Defaults to true, except for TLS kinds without an SSL bundle, which
     * stay off until one is named.
     */
    private @Nullable Boolean enabled;

    /** The address to bind: 0.0.0.0 for all IPv4 addresses, :: for all IPv4 and IPv6 addresses. */
    private String host = "0.0.0.0";

    /** The port to bind (0 picks a free port); defaults to 1883, 8883, 8083 or 8084 by kind. */
    private @Nullable Integer port;

    /** WebSocket kinds: the HTTP path clients upgrade at. */
    private String path = "/mqtt";

    /** TLS kinds: the name of the Spring Boot SSL bundle ({@code spring.ssl.bundle.*}) to serve. */
    private @Nullable String sslBundle;

    /** TLS kinds: whether clients are asked for a certificate: none, want or need. */
    private TlsClientAuth clientAuth = TlsClientAuth.NONE;

    /** TLS kinds: take the user name from the verified client certificate: none, cn, dn or san. */
    private CertificateField usernameFromCertificate = CertificateField.NONE;

    /** TLS kinds: take the client id from the verified client certificate: none, cn, dn or san. */
    private CertificateField clientIdFromCertificate = CertificateField.NONE;

    /** Whether every connection starts with a PROXY protocol header (v1 or v2) naming the real client. */
    private boolean proxyProtocol = false;

    /** Connections open at once on this listener; -1 for no limit (mqtt.max-connections still applies). */
    private int maxConnections = -1;

    /** New connections accepted per second, with bursts up to that many; 0 for no limit. */
    private int maxConnectionRate = 0;

    public @Nullable ListenerKind getKind() {
        return kind;
    }

    public void setKind(@Nullable ListenerKind kind) {
        this.kind = kind;
    }

    public @Nullable Boolean getEnabled() {
        return enabled;
    }

    public void setEnabled(@Nullable Boolean enabled) {
        this.enabled = enabled;
    }

    public String getHost() {
        return host;
    }

    public void setHost(String host) {
        this.host = host;
    }

    public @Nullable Integer getPort() {
        return port;
    }

    public void setPort(@Nullable Integer port) {
        this.port = port;
    }

    public String getPath() {
        return path;
    }

    public void setPath(String path) {
        this.path = path;
    }

    public @Nullable String getSslBundle() {
        return sslBundle;
    }

    public void setSslBundle(@Nullable String sslBundle) {
        this.sslBundle = sslBundle;
    }

    public TlsClientAuth getClientAuth() {
        return clientAuth;
    }

    public void setClientAuth(TlsClientAuth clientAuth) {
        this.clientAuth = clientAuth;
    }

    public CertificateField getUsernameFromCertificate() {
        return usernameFromCertificate;
    }

    public void setUsernameFromCertificate(CertificateField usernameFromCertificate) {
        this.usernameFromCertificate = usernameFromCertificate;
    }

    public CertificateField getClientIdFromCertificate() {
        return clientIdFromCertificate;
    }

    public void setClientIdFromCertificate(CertificateField clientIdFromCertificate) {
        this.clientIdFromCertificate = clientIdFromCertificate;
    }

    public boolean isProxyProtocol() {
        return proxyProtocol;
    }

    public void setProxyProtocol(boolean proxyProtocol) {
        this.proxyProtocol = proxyProtocol;
    }

    public int getMaxConnections() {
        return maxConnections;
    }

    public void setMaxConnections(int maxConnections) {
        this.maxConnections = maxConnections;
    }

    public int getMaxConnectionRate() {
        return maxConnectionRate;
    }

    public void setMaxConnectionRate(int maxConnectionRate) {
        this.maxConnectionRate = maxConnectionRate;
    }
}
