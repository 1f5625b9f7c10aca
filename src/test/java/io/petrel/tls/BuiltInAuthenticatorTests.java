package io.petrel.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.petrel.auth.AuthenticationResult;
import io.petrel.auth.ConnectRequest;
import io.petrel.auth.builtin.BuiltInAuthenticator;
import io.petrel.auth.users.PasswordHashes;
import io.petrel.auth.users.User;
import io.petrel.auth.users.Users;
import io.petrel.message.ReasonCode;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The order of the checks: authentication method, JWT shape, user name and password, certificate, anonymous. */
class BuiltInAuthenticatorTests {

    private static final InetSocketAddress REMOTE = new InetSocketAddress("192.0.2.10", 50000);
    private static final byte[] PASSWORD = "pw".getBytes(StandardCharsets.UTF_8);

    private final BuiltInAuthenticator authenticator = new BuiltInAuthenticator(
            () -> Users.of(List.of(new User("alice", PasswordHashes.bcrypt(PASSWORD), Set.of("ops")))), null, false);

    @Test
    void aUserWithTheRightPasswordIsAcceptedWithRolesFromAnywhere() {
        AuthenticationResult result = authenticator.authenticate(request("alice", PASSWORD, List.of(), null));

        assertThat(result.accepted()).isTrue();
        assertThat(result.roles()).containsExactly("ops");
    }

    @Test
    void aUserNameWithoutPasswordNeedsAVerifiedCertificate() {
        X509Certificate certificate = TestPki.clientCertificate("CN=alice").getCertificate();

        assertThat(authenticator.authenticate(request("alice", null, List.of(), null)).reasonCode())
                .isEqualTo(ReasonCode.BAD_USER_NAME_OR_PASSWORD);
        AuthenticationResult withCertificate = authenticator.authenticate(request("alice", null, List.of(certificate), null));
        assertThat(withCertificate.accepted()).isTrue();
        assertThat(withCertificate.roles()).containsExactly("ops");
    }

    @Test
    void anonymousRemoteClientsAndUnknownMethodsAreRefusedAsBefore() {
        assertThat(authenticator.authenticate(request(null, null, List.of(), null)).reasonCode())
                .isEqualTo(ReasonCode.NOT_AUTHORIZED);
        assertThat(authenticator.authenticate(request("alice", PASSWORD, List.of(), "SCRAM-SHA-1")).reasonCode())
                .isEqualTo(ReasonCode.BAD_AUTHENTICATION_METHOD);
    }

    @Test
    void aTokenShapedPasswordIsAnOrdinaryPasswordWithoutJwt() {
        byte[] token = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhIn0.c2ln".getBytes(StandardCharsets.US_ASCII);

        assertThat(authenticator.authenticate(request("alice", token, List.of(), null)).reasonCode())
                .isEqualTo(ReasonCode.BAD_USER_NAME_OR_PASSWORD);
    }

    @Test
    void onlyRequestsWithoutAPasswordAreAnsweredAtOnceOnTheNetworkThread() {
        assertThat(authenticator.answersAtOnce(request(null, null, List.of(), null))).as("anonymous").isTrue();
        assertThat(authenticator.answersAtOnce(request("alice", null, List.of(), null))).as("user name only").isTrue();
        assertThat(authenticator.answersAtOnce(request(null, null, List.of(), "SCRAM-SHA-1"))).as("unknown method").isTrue();
        assertThat(authenticator.answersAtOnce(request("alice", PASSWORD, List.of(), null))).as("bcrypt to check").isFalse();
        assertThat(authenticator.answersAtOnce(request(null, PASSWORD, List.of(), null))).as("JWT or password").isFalse();
    }

    private static ConnectRequest request(String username, byte[] password, List<X509Certificate> certificates,
            String method) {
        return new ConnectRequest("c", username, password, REMOTE, 5, "tls", method, null, List.of(), certificates);
    }
}
