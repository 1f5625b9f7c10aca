package io.petrel.auth.jwt;

import static io.petrel.auth.jwt.Tokens.claims;
import static io.petrel.auth.jwt.Tokens.hs256;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import com.nimbusds.jose.jwk.JWKSet;
import io.petrel.auth.AuthenticationResult;
import io.petrel.auth.ClientInfo;
import io.petrel.auth.ClientLimits;
import io.petrel.auth.ConnectRequest;
import io.petrel.message.Qos;
import io.petrel.message.ReasonCode;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Signature, expiry, not-before, issuer and audience checks, and the claims that become the identity. */
class JwtAuthenticatorTests {

    private final JwtAuthenticator hs256 = new JwtAuthenticator(new JwtSettings(
            Tokens.SECRET.getBytes(StandardCharsets.UTF_8), null, "https://issuer.example", "petrel", "sub", "roles",
            "acl"));

    @Test
    void aValidTokenGivesUserNameRolesAndPermissions() {
        String token = hs256(claims("alice").issuer("https://issuer.example").audience("petrel")
                .claim("roles", List.of("operators", "auditors"))
                .claim("acl", List.of(Map.of("permission", "allow", "action", "publish", "topic", "alice/#", "qos", 1))));

        AuthenticationResult result = authenticate(hs256, token);

        assertThat(result.accepted()).isTrue();
        assertThat(result.username()).isEqualTo("alice");
        assertThat(result.roles()).containsExactlyInAnyOrder("operators", "auditors");
        ClientInfo client = new ClientInfo("c", "alice", new InetSocketAddress("127.0.0.1", 1), 5, "tcp",
                result.roles(), result.permissions(), ClientLimits.NONE);
        assertThat(result.permissions().authorizePublish(client, "alice/x", Qos.AT_LEAST_ONCE).allowed()).isTrue();
        assertThat(result.permissions().authorizePublish(client, "alice/x", Qos.EXACTLY_ONCE).allowed()).isFalse();
        assertThat(result.permissions().authorizePublish(client, "bob/x", Qos.AT_MOST_ONCE).allowed()).isFalse();
    }

    @Test
    void rolesMayBeOneString() {
        String token = hs256(claims("bob").issuer("https://issuer.example").audience("petrel")
                .claim("roles", "a b,c"));

        assertThat(authenticate(hs256, token).roles()).containsExactlyInAnyOrder("a", "b", "c");
        assertThat(authenticate(hs256, token).permissions()).as("no acl claim").isNull();
    }

    @Test
    void expiredNotYetValidWrongIssuerAudienceOrSignatureAndMissingExpiryAreRefused() {
        Date hourAgo = Date.from(Instant.now().minusSeconds(3600));
        Date inAnHour = Date.from(Instant.now().plusSeconds(3600));
        assertRefused(hs256(claims("a").issuer("https://issuer.example").audience("petrel").expirationTime(hourAgo)),
                "expired");
        assertRefused(hs256(claims("a").issuer("https://issuer.example").audience("petrel").notBeforeTime(inAnHour)),
                "before");
        assertRefused(hs256(claims("a").issuer("https://other.example").audience("petrel")), "iss");
        assertRefused(hs256(claims("a").issuer("https://issuer.example").audience("someone-else")), "aud");
        assertRefused(hs256(claims("a").issuer("https://issuer.example").audience("petrel"),
                "another-secret-of-at-least-32-bytes"), "signature");
        assertRefused(hs256(claims("a").issuer("https://issuer.example").audience("petrel").expirationTime(null)),
                "exp");
    }

    @Test
    void rs256AndEs256TokensAreCheckedWithTheKeysOfTheJwksAsTheyAreNow() throws ParseException {
        Tokens tokens = new Tokens();
        AtomicReference<JWKSet> keys = new AtomicReference<>(new JWKSet());
        JwtAuthenticator authenticator = new JwtAuthenticator(new JwtSettings(null, keys::get, null, null, "sub",
                "roles", null));
        String rs256 = tokens.rs256(claims("rsa-user"));
        String es256 = tokens.es256(claims("ec-user"));
        assertThat(authenticate(authenticator, rs256).accepted()).as("no keys yet").isFalse();

        keys.set(JWKSet.parse(tokens.jwks()));

        assertThat(authenticate(authenticator, rs256).username()).isEqualTo("rsa-user");
        assertThat(authenticate(authenticator, es256).username()).isEqualTo("ec-user");
        assertThat(authenticate(authenticator, hs256(claims("x"))).accepted()).as("no HS256 without a secret").isFalse();
        assertThat(authenticate(authenticator, new Tokens().rs256(claims("x"))).accepted()).as("another key").isFalse();
    }

    @Test
    void shortSecretsAndNoKeysAreConfigurationErrors() {
        assertThatIllegalArgumentException().isThrownBy(() -> new JwtSettings(new byte[16], null, null, null, "sub",
                "roles", null)).withMessageContaining("32 bytes");
        assertThatIllegalArgumentException().isThrownBy(() -> new JwtSettings(null, null, null, null, "sub", "roles",
                null));
    }

    @Test
    void onlyPasswordsShapedLikeATokenAreTakenForOne() {
        assertThat(JwtAuthenticator.looksLikeJwt(hs256(claims("a")).getBytes(StandardCharsets.US_ASCII))).isTrue();
        assertThat(JwtAuthenticator.looksLikeJwt("pass.word".getBytes(StandardCharsets.US_ASCII))).isFalse();
        assertThat(JwtAuthenticator.looksLikeJwt("a.b c.d".getBytes(StandardCharsets.US_ASCII))).isFalse();
    }

    private void assertRefused(String token, String why) {
        AuthenticationResult result = authenticate(hs256, token);
        assertThat(result.accepted()).as(why).isFalse();
        assertThat(result.reasonCode()).isEqualTo(ReasonCode.BAD_USER_NAME_OR_PASSWORD);
        assertThat(result.reasonString()).containsIgnoringCase(why);
    }

    private static AuthenticationResult authenticate(JwtAuthenticator authenticator, String token) {
        byte[] password = token.getBytes(StandardCharsets.US_ASCII);
        return authenticator.authenticate(new ConnectRequest("c", null, password,
                new InetSocketAddress("127.0.0.1", 1), 5, "tcp"), password);
    }
}
