package io.petrel.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.petrel.auth.AnonymousAuthenticator;
import io.petrel.auth.AuthenticationResult;
import io.petrel.auth.ConnectRequest;
import io.petrel.message.ReasonCode;
import java.net.InetSocketAddress;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The default authenticator and client certificates: a client whose certificate the listener verified is
 * accepted from any address; without one, only from loopback. (The broker tests all run on loopback.)
 */
class AnonymousAuthenticatorTests {

    private static final InetSocketAddress REMOTE = new InetSocketAddress("192.0.2.10", 50000);
    private static final InetSocketAddress LOOPBACK = new InetSocketAddress("127.0.0.1", 50000);

    private final AnonymousAuthenticator authenticator = new AnonymousAuthenticator(false);

    @Test
    void remoteClientWithVerifiedCertificateIsAccepted() {
        X509Certificate certificate = TestPki.clientCertificate("CN=remote-device").getCertificate();

        AuthenticationResult result = authenticator.authenticate(request(REMOTE, List.of(certificate)));

        assertThat(result.accepted()).isTrue();
    }

    @Test
    void remoteClientWithoutCertificateIsNotAuthorized() {
        AuthenticationResult result = authenticator.authenticate(request(REMOTE, List.of()));

        assertThat(result.accepted()).isFalse();
        assertThat(result.reasonCode()).isEqualTo(ReasonCode.NOT_AUTHORIZED);
    }

    @Test
    void loopbackClientWithoutCertificateIsAccepted() {
        assertThat(authenticator.authenticate(request(LOOPBACK, List.of())).accepted()).isTrue();
    }

    private static ConnectRequest request(InetSocketAddress from, List<X509Certificate> certificates) {
        return new ConnectRequest("device", null, null, from, 5, "tls", null, null, List.of(), certificates);
    }
}
