package io.petrel.mqtt5;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.datatypes.MqttUtf8String;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5SubAckException;
import com.hivemq.client.mqtt.mqtt5.message.auth.Mqtt5EnhancedAuth;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAck;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.disconnect.Mqtt5Disconnect;
import com.hivemq.client.mqtt.mqtt5.message.disconnect.Mqtt5DisconnectReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAckReasonCode;
import io.petrel.test.BrokerTest;
import io.petrel.test.Clients;
import io.petrel.test.client.FixedAuthMechanism;
import io.petrel.test.client.Packet;
import io.petrel.test.client.Packets;
import io.petrel.test.client.RawClient;
import io.petrel.test.client.ScramClient;
import io.petrel.test.client.ScramMechanism;
import io.petrel.test.client.TestClients;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * SCRAM-SHA-256 enhanced authentication end to end with the HiveMQ client (CONNECT exchange and
 * {@code reauth()}), and the AUTH packet rules on the wire with a raw client. Users: alice with a plain-text
 * password, bob with a stored credential (RFC 7677's example user, password "pencil"); ACL rules allow
 * {@code users/%u/#} and {@code scram/#}.
 */
@BrokerTest(properties = {"mqtt.listeners.tcp.port=0", "mqtt.listeners.tcp.host=127.0.0.1", "management.server.port=0",
    "mqtt.auth.scram.users.alice.password=wonderland",
    "mqtt.auth.scram.users.bob.credential=SCRAM-SHA-256$4096:W22ZaJ0SNY7soEsUEjb6gQ==$"
            + "WG5d8oPm3OtcPnkdi4Uo7BkeZkBFzpcXkuLmtbsT4qY=:wfPLwcE6nTWhTAmQ7tl2KeoiWGPlZqQxSrmfPwDl2dU=",
    "mqtt.auth.acl[0].permission=allow", "mqtt.auth.acl[0].topic=users/%u/#",
    "mqtt.auth.acl[1].permission=allow", "mqtt.auth.acl[1].topic=scram/#"})
class ScramAuthenticationTests {

    private static final String SCRAM = "SCRAM-SHA-256";
    private static final int AUTHENTICATION_DATA = 0x16;

    @RegisterExtension
    final TestClients clients = new TestClients();

    private Mqtt5BlockingClient scramClient(String prefix, ScramMechanism mechanism) {
        return clients.register(clients.hivemq5Builder(Clients.unique(prefix)).enhancedAuth(mechanism).buildBlocking());
    }

    @Test
    void clientWithTheRightPasswordConnectsAndVerifiesTheBroker() {
        ScramMechanism alice = new ScramMechanism("alice", "wonderland");
        Mqtt5BlockingClient client = scramClient("alice", alice);

        Mqtt5ConnAck connAck = client.connect();

        assertThat(connAck.getReasonCode()).isEqualTo(Mqtt5ConnAckReasonCode.SUCCESS);
        assertThat(connAck.getEnhancedAuth()).map(Mqtt5EnhancedAuth::getMethod).map(MqttUtf8String::toString)
                .contains(SCRAM);
        assertThat(alice.verifiedServers()).as("server signature in CONNACK checked").isEqualTo(1);
        assertUsable(client);
    }

    @Test
    void aclRulesKnowTheClientByItsScramUserName() {
        Mqtt5BlockingClient client = scramClient("acl", new ScramMechanism("alice", "wonderland"));
        client.connect();

        assertThat(client.subscribeWith().topicFilter("users/alice/inbox").qos(MqttQos.AT_MOST_ONCE).send()
                .getReasonCodes()).containsExactly(Mqtt5SubAckReasonCode.GRANTED_QOS_0);
        assertThatThrownBy(() -> client.subscribeWith().topicFilter("users/bob/inbox").qos(MqttQos.AT_MOST_ONCE)
                .send()).isInstanceOfSatisfying(Mqtt5SubAckException.class, denied ->
                        assertThat(denied.getMqttMessage().getReasonCodes())
                                .containsExactly(Mqtt5SubAckReasonCode.NOT_AUTHORIZED));
    }

    @Test
    void userWithAStoredCredentialConnects() {
        ScramMechanism bob = new ScramMechanism("bob", "pencil");

        assertThat(scramClient("bob", bob).connect().getReasonCode()).isEqualTo(Mqtt5ConnAckReasonCode.SUCCESS);
        assertThat(bob.verifiedServers()).isEqualTo(1);
    }

    @Test
    void wrongPasswordIsRefusedWithNotAuthorized() {
        assertRefusedForAFailedProof(scramClient("guessing", new ScramMechanism("alice", "looking-glass")));
    }

    @Test
    void unknownUserIsRefusedExactlyLikeAWrongPassword() {
        assertRefusedForAFailedProof(scramClient("nobody", new ScramMechanism("mallory", "wonderland")));
    }

    private static void assertRefusedForAFailedProof(Mqtt5BlockingClient client) {
        assertThatThrownBy(client::connect).isInstanceOfSatisfying(Mqtt5ConnAckException.class, refused -> {
            assertThat(refused.getMqttMessage().getReasonCode()).isEqualTo(Mqtt5ConnAckReasonCode.NOT_AUTHORIZED);
            assertThat(refused.getMqttMessage().getReasonString()).map(MqttUtf8String::toString)
                    .contains("SCRAM authentication failed");
        });
    }

    @Test
    void methodThatNoAuthenticatorHandlesIsRefusedWithBadAuthenticationMethod() {
        Mqtt5BlockingClient client = clients.register(clients.hivemq5Builder(Clients.unique("sha1"))
                .enhancedAuth(new FixedAuthMechanism("SCRAM-SHA-1", new byte[] {1})).buildBlocking());

        assertThatThrownBy(client::connect).isInstanceOfSatisfying(Mqtt5ConnAckException.class, refused ->
                assertThat(refused.getMqttMessage().getReasonCode())
                        .isEqualTo(Mqtt5ConnAckReasonCode.BAD_AUTHENTICATION_METHOD));
    }

    @Test
    void reauthenticationWithTheRightPasswordKeepsTheClientConnected() {
        ScramMechanism alice = new ScramMechanism("alice", "wonderland");
        Mqtt5BlockingClient client = scramClient("reauth", alice);
        client.connect();

        client.reauth();

        assertThat(alice.verifiedServers()).as("server signature in AUTH 0x00 checked too").isEqualTo(2);
        assertThat(client.getState().isConnected()).isTrue();
        assertUsable(client);
    }

    @Test
    void reauthenticationWithAWrongPasswordEndsTheConnectionWithNotAuthorized() {
        ScramMechanism alice = new ScramMechanism("alice", "wonderland");
        Mqtt5BlockingClient client = scramClient("reauth-wrong", alice);
        client.connect();
        alice.usePassword("looking-glass");

        assertThatThrownBy(client::reauth).isNotNull();

        await().atMost(TestClients.PATIENCE).until(() -> !client.getState().isConnected());
        assertThat(alice.reauthRejection()).map(Mqtt5Disconnect::getReasonCode)
                .contains(Mqtt5DisconnectReasonCode.NOT_AUTHORIZED);
    }

    @Test
    void authFromAClientThatUsedNoAuthenticationMethodIsAProtocolError() throws IOException {
        RawClient raw = clients.raw5();
        raw.connectSuccessfully(Packets.connect5(Clients.unique("plain")));

        raw.send(auth(0x19, SCRAM, new ScramClient("alice", "wonderland", "n0nce").clientFirst()));

        assertDisconnected(raw, 0x82);
    }

    @Test
    void exchangeOnTheWireCarriesTheMethodAndReauthenticationWithAnotherMethodIsAProtocolError()
            throws IOException {
        RawClient raw = clients.raw5();
        ScramClient scram = new ScramClient("alice", "wonderland", "raw-nonce");
        raw.send(Packets.connect5(Clients.unique("raw-scram")).properties(Packets.properties()
                .string(0x15, SCRAM).binary(AUTHENTICATION_DATA, scram.clientFirst())).bytes());

        Packet challenge = raw.read();
        assertThat(challenge.type()).isEqualTo(Packet.AUTH);
        assertThat(challenge.reasonCode()).isEqualTo(0x18);
        assertThat(challenge.properties().string(0x15)).isEqualTo(SCRAM);
        raw.send(auth(0x18, SCRAM, scram.clientFinal(challenge.properties().binary(AUTHENTICATION_DATA))));
        Packet connAck = raw.read();
        assertThat(connAck.reasonCode()).isZero();
        assertThat(connAck.properties().string(0x15)).isEqualTo(SCRAM);
        assertThat(scram.verifyServerFinal(connAck.properties().binary(AUTHENTICATION_DATA))).isTrue();

        raw.send(auth(0x19, "SCRAM-SHA-512", new byte[] {1}));

        assertDisconnected(raw, 0x82);
    }

    @Test
    void reauthenticationBeforeConnackClosesTheConnection() throws IOException {
        RawClient raw = clients.raw5();
        raw.send(Packets.connect5(Clients.unique("early-auth")).properties(Packets.properties()
                .string(0x15, SCRAM).binary(AUTHENTICATION_DATA,
                        new ScramClient("alice", "wonderland", "n").clientFirst())).bytes());
        assertThat(raw.read().type()).isEqualTo(Packet.AUTH);

        raw.send(auth(0x19, SCRAM, new byte[] {1})); // re-authentication before CONNACK

        assertThat(raw.awaitClosedPackets()).as("closed without a DISCONNECT: not connected yet").isEmpty();
    }

    private static void assertDisconnected(RawClient raw, int reasonCode) throws IOException {
        List<Packet> last = raw.awaitClosedPackets();
        assertThat(last).singleElement().satisfies(disconnect -> {
            assertThat(disconnect.type()).isEqualTo(Packet.DISCONNECT);
            assertThat(disconnect.reasonCode()).isEqualTo(reasonCode);
        });
    }

    private static byte[] auth(int reasonCode, String method, byte[] data) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(reasonCode);
        body.writeBytes(Packets.properties().string(0x15, method).binary(AUTHENTICATION_DATA, data).bytes());
        return Packets.packet(0xF0, body.toByteArray());
    }

    private void assertUsable(Mqtt5BlockingClient client) {
        String topic = Clients.unique("scram/echo");
        try (Mqtt5BlockingClient.Mqtt5Publishes publishes = clients.publishes(client)) {
            client.subscribeWith().topicFilter(topic).qos(MqttQos.AT_LEAST_ONCE).send();
            client.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE)
                    .payload("hello".getBytes(StandardCharsets.UTF_8)).send();
            assertThat(TestClients.text(publishes.receive(TestClients.PATIENCE.toSeconds(),
                    java.util.concurrent.TimeUnit.SECONDS).orElseThrow())).isEqualTo("hello");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
