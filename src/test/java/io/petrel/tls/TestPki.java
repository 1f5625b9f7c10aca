package io.petrel.tls;

import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.X509Bundle;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import org.jspecify.annotations.Nullable;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The certificates of the TLS tests, made when the tests run (no private key is ever committed): a server
 * CA that issues the broker's certificates, a client CA that issues client certificates, and an unknown CA
 * that neither side trusts. Also writes a server bundle as PEM files and builds clients' SSL contexts.
 */
final class TestPki {

    static final X509Bundle SERVER_CA = authority("CN=Petrel Test Server CA");
    static final X509Bundle CLIENT_CA = authority("CN=Petrel Test Client CA");
    static final X509Bundle UNKNOWN_CA = authority("CN=Petrel Test Unknown CA");
    /** The broker's certificate: localhost and 127.0.0.1, issued by {@link #SERVER_CA}. */
    static final X509Bundle SERVER = serverCertificate("CN=localhost,O=Petrel Test");

    private TestPki() {}

    static X509Bundle serverCertificate(String subject) {
        return build(new CertificateBuilder().subject(subject).ecp256()
                .addSanDnsName("localhost").addSanIpAddress("127.0.0.1")
                .addExtendedKeyUsageServerAuth(), SERVER_CA);
    }

    /** A client certificate issued by {@link #CLIENT_CA}. */
    static X509Bundle clientCertificate(String subject) {
        return clientCertificate(subject, CLIENT_CA);
    }

    static X509Bundle clientCertificate(String subject, X509Bundle issuer) {
        return build(new CertificateBuilder().subject(subject).ecp256().addExtendedKeyUsageClientAuth(), issuer);
    }

    /** An intermediate CA issued by {@link #CLIENT_CA}, for client chains longer than one certificate. */
    static X509Bundle clientIntermediate(String subject) {
        return build(new CertificateBuilder().subject(subject).ecp256().setIsCertificateAuthority(true), CLIENT_CA);
    }

    /**
     * Writes {@code server} as the bundle files in {@code directory}: {@code server.crt}, {@code server.key}
     * and the client CA as {@code client-ca.crt}. Each file is replaced in one move, so that a file watcher
     * never reads half of one.
     */
    static void writeServerFiles(Path directory, X509Bundle server) {
        write(directory.resolve("client-ca.crt"), CLIENT_CA.getCertificatePEM());
        write(directory.resolve("server.key"), server.getPrivateKeyPEM());
        write(directory.resolve("server.crt"), server.getCertificatePEM());
    }

    /** Declares PEM bundle {@code name} over the files {@link #writeServerFiles} wrote to {@code directory}. */
    static void addBundle(DynamicPropertyRegistry registry, String name, Path directory) {
        String prefix = "spring.ssl.bundle.pem." + name;
        registry.add(prefix + ".keystore.certificate", () -> location(directory, "server.crt"));
        registry.add(prefix + ".keystore.private-key", () -> location(directory, "server.key"));
        registry.add(prefix + ".truststore.certificate", () -> location(directory, "client-ca.crt"));
    }

    /** A client context that trusts {@link #SERVER_CA} and presents {@code certificate} when asked, if any. */
    static SSLContext clientContext(@Nullable X509Bundle certificate) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            KeyManager[] keyManagers = certificate == null ? new KeyManager[0]
                    : new KeyManager[] {new PresentingKeyManager(certificate)};
            context.init(keyManagers, trustServerCa().getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static TrustManagerFactory trustServerCa() {
        return SERVER_CA.toTrustManagerFactory();
    }

    private static String location(Path directory, String file) {
        return "file:" + directory.resolve(file).toAbsolutePath();
    }

    private static void write(Path file, String content) {
        try {
            Path next = file.resolveSibling(file.getFileName() + ".next");
            Files.writeString(next, content, StandardCharsets.US_ASCII);
            Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static X509Bundle authority(String subject) {
        try {
            return new CertificateBuilder().subject(subject).ecp256().setIsCertificateAuthority(true).buildSelfSigned();
        } catch (Exception e) {
            throw new IllegalStateException("cannot make test CA " + subject, e);
        }
    }

    private static X509Bundle build(CertificateBuilder builder, X509Bundle issuer) {
        try {
            return builder.buildIssuedBy(issuer);
        } catch (Exception e) {
            throw new IllegalStateException("cannot make a test certificate", e);
        }
    }

    /**
     * Presents its one certificate chain whatever CAs the server names, as a misconfigured or hostile client
     * would, so that a server that must refuse an unknown CA really sees its certificate.
     */
    private static final class PresentingKeyManager extends X509ExtendedKeyManager {

        private static final String ALIAS = "client";
        private final X509Bundle certificate;

        PresentingKeyManager(X509Bundle certificate) {
            this.certificate = certificate;
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return new String[] {ALIAS};
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            return ALIAS;
        }

        @Override
        public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
            return ALIAS;
        }

        @Override
        public String @Nullable [] getServerAliases(String keyType, Principal[] issuers) {
            return null;
        }

        @Override
        public @Nullable String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return null;
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return certificate.getCertificatePath();
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return certificate.getKeyPair().getPrivate();
        }
    }
}
