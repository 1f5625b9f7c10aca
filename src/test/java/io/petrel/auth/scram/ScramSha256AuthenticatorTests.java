package io.petrel.auth.scram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.petrel.auth.AuthenticationExchange;
import io.petrel.auth.AuthenticationResult;
import io.petrel.auth.AuthenticationStep;
import io.petrel.auth.ConnectRequest;
import io.petrel.message.ReasonCode;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The server side of SCRAM-SHA-256 against the example exchange of RFC 7677 section 3, and its failures. */
class ScramSha256AuthenticatorTests {

    // RFC 7677 section 3: user "user", password "pencil"
    private static final String SALT = "W22ZaJ0SNY7soEsUEjb6gQ==";
    private static final String CLIENT_NONCE = "rOprNGfwEbeRWgbNEkqO";
    private static final String SERVER_NONCE = "%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0";
    private static final String CLIENT_FIRST = "n,,n=user,r=" + CLIENT_NONCE;
    private static final String SERVER_FIRST = "r=" + CLIENT_NONCE + SERVER_NONCE + ",s=" + SALT + ",i=4096";
    private static final String CLIENT_FINAL = "c=biws,r=" + CLIENT_NONCE + SERVER_NONCE
            + ",p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=";
    private static final String SERVER_FINAL = "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=";

    private static final ScramCredential PENCIL =
            ScramCredential.fromPassword("pencil", Base64.getDecoder().decode(SALT), 4096);

    private final ScramSha256Authenticator authenticator = new ScramSha256Authenticator(
            Map.of("user", PENCIL)::get, () -> SERVER_NONCE, new byte[] {1, 2, 3});

    @Test
    void rfc7677ExampleExchangeSucceedsWithTheServerSignature() {
        AuthenticationExchange exchange = authenticator.start(request(null), false);

        AuthenticationStep first = exchange.step(bytes(CLIENT_FIRST));
        assertThat(first.isChallenge()).isTrue();
        assertThat(text(first.data())).isEqualTo(SERVER_FIRST);

        AuthenticationStep last = exchange.step(bytes(CLIENT_FINAL));
        assertThat(last.result().accepted()).isTrue();
        assertThat(text(last.data())).isEqualTo(SERVER_FINAL);
        assertThat(last.result().username()).as("the client is connected as the SCRAM user").isEqualTo("user");
    }

    @Test
    void storedCredentialInPostgresFormMatchesTheOneDerivedFromThePassword() {
        String stored = "SCRAM-SHA-256$4096:W22ZaJ0SNY7soEsUEjb6gQ==$WG5d8oPm3OtcPnkdi4Uo7BkeZkBFzpcXkuLmtbsT4qY="
                + ":wfPLwcE6nTWhTAmQ7tl2KeoiWGPlZqQxSrmfPwDl2dU=";

        ScramCredential parsed = ScramCredential.parse(stored);

        assertThat(parsed.storedKey()).isEqualTo(PENCIL.storedKey());
        assertThat(parsed.serverKey()).isEqualTo(PENCIL.serverKey());
        assertThat(parsed.toString()).isEqualTo(stored);
    }

    @Test
    void credentialsBelow4096IterationsAreRejected() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ScramCredential.fromPassword("pencil", new byte[] {1}, 4095))
                .withMessageContaining("4095");
        assertThatIllegalArgumentException().isThrownBy(() -> ScramCredential.parse("SCRAM-SHA-256$1000:"
                + SALT + "$WG5d8oPm3OtcPnkdi4Uo7BkeZkBFzpcXkuLmtbsT4qY=:wfPLwcE6nTWhTAmQ7tl2KeoiWGPlZqQxSrmfPwDl2dU="));
    }

    @Test
    void freshCredentialsGetARandomSalt() {
        SecureRandom random = new SecureRandom();
        assertThat(ScramCredential.fromPassword("pencil", 4096, random).salt())
                .isNotEqualTo(ScramCredential.fromPassword("pencil", 4096, random).salt());
    }

    @Test
    void wrongProofIsRefusedWithNotAuthorized() {
        AuthenticationExchange exchange = authenticator.start(request(null), false);
        exchange.step(bytes(CLIENT_FIRST));

        AuthenticationStep last = exchange.step(bytes(CLIENT_FINAL.replace("p=dHzb", "p=dHzc")));

        assertRefused(last, ScramExchange.FAILED);
    }

    @Test
    void unknownUserGetsAChallengeAndTheSameRefusalAsAWrongPassword() {
        AuthenticationExchange exchange = authenticator.start(request(null), false);

        AuthenticationStep first = exchange.step(bytes("n,,n=mallory,r=" + CLIENT_NONCE));
        assertThat(first.isChallenge()).as("no sign that the user does not exist").isTrue();
        assertThat(text(first.data())).startsWith("r=" + CLIENT_NONCE + SERVER_NONCE + ",s=").endsWith(",i=4096");
        assertThat(text(authenticator.start(request(null), false).step(bytes("n,,n=mallory,r=x")).data()))
                .as("the decoy salt stays the same for a name, like a real one").contains(text(first.data())
                        .replaceAll(".*(,s=[^,]+,).*", "$1"));

        AuthenticationStep last = exchange.step(bytes(CLIENT_FINAL));
        assertRefused(last, ScramExchange.FAILED);
    }

    @Test
    void nonceThatDoesNotContinueTheExchangeIsRefused() {
        AuthenticationExchange exchange = authenticator.start(request(null), false);
        exchange.step(bytes(CLIENT_FIRST));

        AuthenticationStep last = exchange.step(bytes(CLIENT_FINAL.replace(SERVER_NONCE, "other-nonce")));

        assertRefused(last, ScramExchange.FAILED);
    }

    @Test
    void userNameInConnectMustBeTheScramUser() {
        AuthenticationStep first = authenticator.start(request("someone-else"), false).step(bytes(CLIENT_FIRST));

        assertRefused(first, "the SCRAM user name differs from the user name in CONNECT");
    }

    @Test
    void channelBindingIsRefused() {
        AuthenticationStep first = authenticator.start(request(null), false)
                .step(bytes("p=tls-unique,,n=user,r=" + CLIENT_NONCE));

        assertThat(first.result().accepted()).isFalse();
        assertThat(first.result().reasonString()).contains("channel binding is not supported");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "n,,", "n,a=admin,n=user,r=abc", "n,,r=abc,n=user", "n,,n=us=er,r=abc",
        "n,,n=user,r=", "n,,n=user,r=abc,m=ext", "x,,n=user,r=abc"})
    void malformedClientFirstMessagesAreRefused(String clientFirst) {
        AuthenticationStep first = authenticator.start(request(null), false).step(bytes(clientFirst));

        assertThat(first.result()).isNotNull();
        assertThat(first.result().reasonCode()).isEqualTo(ReasonCode.NOT_AUTHORIZED);
        assertThat(first.result().reasonString()).startsWith("malformed SCRAM message");
    }

    @Test
    void exchangeWithoutDataIsRefused() {
        assertRefused(authenticator.start(request(null), false).step(null), "SCRAM needs authentication data");
    }

    @Test
    void escapedUserNamesAreDecoded() {
        ScramSha256Authenticator withOddName = new ScramSha256Authenticator(Map.of("a,b=c", PENCIL)::get,
                () -> SERVER_NONCE, new byte[] {1});
        AuthenticationStep first = withOddName.start(request(null), false).step(bytes("n,,n=a=2Cb=3Dc,r=abc"));

        assertThat(text(first.data())).as("the real salt: the user was found").contains(",s=" + SALT + ",");
    }

    private static void assertRefused(AuthenticationStep step, String reason) {
        assertThat(step.result()).isEqualTo(AuthenticationResult.refuse(ReasonCode.NOT_AUTHORIZED, reason));
        assertThat(step.data()).isNull();
    }

    private static ConnectRequest request(@Nullable String username) {
        return new ConnectRequest("scram-client", username, null, new InetSocketAddress("127.0.0.1", 50000), 5, "tcp");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte @Nullable [] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
