package io.petrel.security;

import static io.petrel.auth.jwt.Tokens.claims;
import static io.petrel.auth.jwt.Tokens.hs256;
import static io.petrel.security.SecurityClients.connect5;
import static io.petrel.security.SecurityClients.connectRefusal;
import static io.petrel.security.SecurityClients.publishRefusal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import com.nimbusds.jwt.JWTClaimsSet;
import io.petrel.auth.jwt.Tokens;
import io.petrel.test.BrokerTest;
import io.petrel.test.Clients;
import io.petrel.test.client.TestClients;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.util.FileSystemUtils;

/**
 * JWT passwords with real clients: HS256 with the configured secret, RS256 and ES256 with keys from a
 * JWKS file generated here (and rotated while the broker runs), expiry and audience refusals, the token's
 * subject as the user name in ACL patterns, and an ACL claim that replaces the configured rules.
 */
@BrokerTest(properties = {"mqtt.listeners.tcp.port=0", "mqtt.listeners.tcp.host=127.0.0.1", "management.server.port=0",
    "mqtt.auth.jwt.secret=" + Tokens.SECRET, "mqtt.auth.jwt.issuer=https://issuer.example",
    "mqtt.auth.jwt.audience=petrel", "mqtt.auth.jwt.acl-claim=acl", "mqtt.auth.reload-interval=100ms",
    "mqtt.auth.acl[0].topic=users/%u/#", "mqtt.auth.acl[1].topic=public/#"})
class JwtTests {

    private static final Tokens KEYS = new Tokens();
    private static final Path FOLDER;
    private static final Path JWKS;

    static {
        try {
            FOLDER = Files.createTempDirectory("petrel-jwt");
            JWKS = Files.writeString(FOLDER.resolve("jwks.json"), KEYS.jwks());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void jwksFile(DynamicPropertyRegistry registry) {
        registry.add("mqtt.auth.jwt.jwks-file", JWKS::toString);
    }

    @AfterAll
    static void deleteFolder() throws IOException {
        FileSystemUtils.deleteRecursively(FOLDER);
    }

    @RegisterExtension
    final TestClients clients = new TestClients();

    @Test
    void aValidHs256TokenConnectsAndItsSubjectIsTheUserName() {
        Mqtt5BlockingClient client = connect(hs256(valid("jwt-alice")));

        TestClients.publish(client, "users/jwt-alice/notes", MqttQos.AT_LEAST_ONCE, "mine");
        assertThat(publishRefusal(client, "users/device/notes")).as("not the CONNECT user name")
                .isEqualTo(Mqtt5PubAckReasonCode.NOT_AUTHORIZED);
    }

    @Test
    void expiredTokensAndTokensForAnotherAudienceAreRefusedWith0x86() {
        String expired = hs256(valid("a").expirationTime(Date.from(Instant.now().minusSeconds(3600))));
        String otherAudience = hs256(valid("a").audience("another-service"));

        assertThat(refusal(expired)).isEqualTo(Mqtt5ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD);
        assertThat(refusal(otherAudience)).isEqualTo(Mqtt5ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD);
    }

    @Test
    void mqtt311ClientsWithAnExpiredTokenGetReturnCode4() throws MqttException {
        MqttConnectOptions options = new MqttConnectOptions();
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setUserName("device");
        options.setPassword(hs256(valid("a").expirationTime(Date.from(Instant.now().minusSeconds(3600)))).toCharArray());

        assertThatThrownBy(() -> clients.paho3(Clients.unique("paho")).connect(options))
                .isInstanceOfSatisfying(MqttException.class, e -> assertThat(e.getReasonCode())
                        .isEqualTo(MqttException.REASON_CODE_FAILED_AUTHENTICATION));

        options.setPassword(hs256(valid("b")).toCharArray());
        clients.paho3(Clients.unique("paho")).connect(options);
    }

    @Test
    void rs256AndEs256TokensAreCheckedWithTheJwksFile() {
        TestClients.publish(connect(KEYS.rs256(valid("rsa-user"))), "users/rsa-user/x", MqttQos.AT_LEAST_ONCE, "rsa");
        TestClients.publish(connect(KEYS.es256(valid("ec-user"))), "users/ec-user/x", MqttQos.AT_LEAST_ONCE, "ec");
        assertThat(refusal(new Tokens().rs256(valid("stranger")))).as("a key the JWKS file lacks")
                .isEqualTo(Mqtt5ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD);
    }

    @Test
    void aRotatedJwksFileIsReadWithoutARestart() throws IOException {
        Tokens rotated = new Tokens();
        String token = rotated.es256(valid("rotated"));
        assertThat(refusal(token)).isEqualTo(Mqtt5ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD);

        Files.writeString(JWKS, Tokens.jwks(KEYS, rotated));

        await().atMost(TestClients.PATIENCE).ignoreExceptions().until(() -> connect(token).getState().isConnected());
    }

    @Test
    void anAclClaimReplacesTheConfiguredRules() {
        Mqtt5BlockingClient client = connect(hs256(valid("limited").claim("acl",
                List.of(Map.of("permission", "allow", "action", "publish", "topic", "limited/%c/#")))));
        String clientId = client.getConfig().getClientIdentifier().orElseThrow().toString();

        TestClients.publish(client, "limited/" + clientId + "/x", MqttQos.AT_LEAST_ONCE, "allowed");
        assertThat(publishRefusal(client, "public/x")).isEqualTo(Mqtt5PubAckReasonCode.NOT_AUTHORIZED);
    }

    private static JWTClaimsSet.Builder valid(String subject) {
        return claims(subject).issuer("https://issuer.example").audience("petrel");
    }

    private Mqtt5BlockingClient connect(String token) {
        return connect5(clients, "device", token);
    }

    private Mqtt5ConnAckReasonCode refusal(String token) {
        return connectRefusal(clients, "device", token);
    }
}
