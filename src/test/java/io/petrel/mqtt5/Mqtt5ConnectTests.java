package io.petrel.mqtt5;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.datatypes.MqttClientIdentifier;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.datatypes.MqttUtf8String;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAck;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckRestrictions;
import io.petrel.session.Session;
import io.petrel.session.SessionRegistry;
import io.petrel.test.BrokerTest;
import io.petrel.test.Clients;
import io.petrel.test.client.FixedAuthMechanism;
import io.petrel.test.client.Packet;
import io.petrel.test.client.PacketProperties;
import io.petrel.test.client.Packets;
import io.petrel.test.client.Paho5Client;
import io.petrel.test.client.RawClient;
import io.petrel.test.client.TestClients;
import java.util.List;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * MQTT 5 CONNECT and CONNACK with the default settings: the assigned client identifier, the session expiry
 * interval as granted, the capabilities the broker announces, response information, user properties, and
 * an authentication method the default authenticator does not know.
 */
@BrokerTest
class Mqtt5ConnectTests {

    @Autowired
    SessionRegistry sessions;

    @RegisterExtension
    final TestClients clients = new TestClients();

    @Test
    void emptyClientIdGetsAnAssignedClientIdentifier() {
        Mqtt5BlockingClient client = clients.hivemq5("");

        Mqtt5ConnAck connAck = client.connect();

        String assigned = connAck.getAssignedClientIdentifier().map(MqttClientIdentifier::toString).orElseThrow();
        assertThat(assigned).isNotBlank();
        assertThat(client.getConfig().getClientIdentifier()).map(Object::toString).contains(assigned);
        assertThat(sessions.find(assigned)).as("the session is kept under the assigned id").isPresent();
    }

    @Test
    void twoClientsWithEmptyClientIdsGetDifferentIdentifiers() {
        String first = clients.hivemq5("").connect().getAssignedClientIdentifier().orElseThrow().toString();
        String second = clients.hivemq5("").connect().getAssignedClientIdentifier().orElseThrow().toString();

        assertThat(first).isNotEqualTo(second);
    }

    @Test
    void pahoEmptyClientIdGetsAnAssignedClientIdentifier() throws Exception {
        Paho5Client client = clients.paho5("");

        IMqttToken token = client.connectWithResult(new MqttConnectionOptions());

        String assigned = token.getResponseProperties().getAssignedClientIdentifier();
        assertThat(assigned).isNotBlank();
        assertThat(sessions.find(assigned)).isPresent();
    }

    @Test
    void clientIdChosenByTheClientIsNotAnsweredWithAnAssignedOne() {
        Mqtt5ConnAck connAck = clients.hivemq5(Clients.unique("named")).connect();

        assertThat(connAck.getAssignedClientIdentifier()).isEmpty();
    }

    @Test
    void sessionExpiryZeroEndsTheSessionWithTheConnection() {
        String clientId = Clients.unique("expiry-0");
        Mqtt5BlockingClient client = clients.hivemq5(clientId);

        Mqtt5ConnAck connAck = client.connectWith().sessionExpiryInterval(0).send();
        assertThat(sessions.find(clientId)).isPresent();
        client.disconnect();

        assertThat(connAck.getSessionExpiryInterval()).as("granted as requested: not repeated").isEmpty();
        await().atMost(TestClients.PATIENCE).until(() -> sessions.find(clientId).isEmpty());
    }

    @Test
    void sessionExpiryIntervalIsGrantedAsRequested() {
        String clientId = Clients.unique("expiry-n");
        Mqtt5BlockingClient client = clients.hivemq5(clientId);

        Mqtt5ConnAck connAck = client.connectWith().sessionExpiryInterval(300).send();
        client.disconnect();

        assertThat(connAck.getSessionExpiryInterval()).isEmpty();
        Session session = sessions.find(clientId).orElseThrow();
        await().atMost(TestClients.PATIENCE).until(() -> !session.isConnected());
        assertThat(sessions.find(clientId)).as("kept after the connection ended").containsSame(session);
        assertThat(session.expiryIntervalSeconds()).isEqualTo(300);
        endSession(clientId);
    }

    @Test
    void sessionExpiryOfFfffffffNeverExpires() {
        String clientId = Clients.unique("expiry-max");
        Mqtt5BlockingClient client = clients.hivemq5(clientId);

        Mqtt5ConnAck connAck = client.connectWith().noSessionExpiry().send();
        client.disconnect();

        assertThat(connAck.getSessionExpiryInterval()).isEmpty();
        Session session = sessions.find(clientId).orElseThrow();
        await().atMost(TestClients.PATIENCE).until(() -> !session.isConnected());
        assertThat(session.expiryIntervalSeconds()).isEqualTo(0xFFFFFFFFL).isEqualTo(Session.NEVER_EXPIRES);
        assertThat(sessions.find(clientId)).containsSame(session);
        endSession(clientId);
    }

    @Test
    void connAckAnnouncesTheDefaultCapabilities() {
        Mqtt5ConnAck connAck = clients.hivemq5(Clients.unique("capabilities")).connect();

        Mqtt5ConnAckRestrictions restrictions = connAck.getRestrictions();
        assertThat(connAck.getReasonCode()).isEqualTo(Mqtt5ConnAckReasonCode.SUCCESS);
        assertThat(restrictions.getReceiveMaximum()).as("mqtt.receive-maximum").isEqualTo(1024);
        assertThat(restrictions.getMaximumPacketSize()).as("mqtt.maximum-packet-size").isEqualTo(1024 * 1024);
        assertThat(restrictions.getTopicAliasMaximum()).as("mqtt.topic-alias-maximum").isEqualTo(10);
        assertThat(restrictions.getMaximumQos()).isEqualTo(MqttQos.EXACTLY_ONCE);
        assertThat(restrictions.isRetainAvailable()).isTrue();
        assertThat(restrictions.isWildcardSubscriptionAvailable()).isTrue();
        assertThat(restrictions.areSubscriptionIdentifiersAvailable()).isTrue();
        assertThat(restrictions.isSharedSubscriptionAvailable()).isTrue();
        assertThat(connAck.getServerKeepAlive()).as("no mqtt.server-keep-alive: the client's applies").isEmpty();
        assertThat(connAck.getResponseInformation()).as("not requested").isEmpty();
        assertThat(connAck.getSessionExpiryInterval()).isEmpty();
    }

    @Test
    void connAckOfTheDefaultCapabilitiesIsCompleteOnTheWire() throws Exception {
        RawClient client = clients.raw5();

        Packet connAck = client.connectSuccessfully(Packets.connect5(Clients.unique("raw-caps")));

        PacketProperties properties = connAck.properties();
        assertThat(properties.integer(Packets.RECEIVE_MAXIMUM)).isEqualTo(1024L);
        assertThat(properties.integer(Packets.MAXIMUM_PACKET_SIZE)).isEqualTo(1024L * 1024);
        assertThat(properties.integer(Packets.TOPIC_ALIAS_MAXIMUM)).isEqualTo(10L);
        // Capabilities that are available are left out: absent means available [MQTT-3.2.2.3].
        assertThat(properties.has(Packets.MAXIMUM_QOS)).isFalse();
        assertThat(properties.has(Packets.RETAIN_AVAILABLE)).isFalse();
        assertThat(properties.has(Packets.WILDCARD_SUBSCRIPTION_AVAILABLE)).isFalse();
        assertThat(properties.has(Packets.SUBSCRIPTION_IDENTIFIER_AVAILABLE)).isFalse();
        assertThat(properties.has(Packets.SHARED_SUBSCRIPTION_AVAILABLE)).isFalse();
        assertThat(properties.has(Packets.SERVER_KEEP_ALIVE)).isFalse();
        assertThat(properties.has(Packets.RESPONSE_INFORMATION)).isFalse();
        assertThat(properties.has(Packets.ASSIGNED_CLIENT_IDENTIFIER)).isFalse();
    }

    @Test
    void pahoReadsTheDefaultCapabilities() throws Exception {
        Paho5Client client = clients.paho5(Clients.unique("paho-caps"));

        MqttProperties properties = client.connectWithResult(new MqttConnectionOptions()).getResponseProperties();

        assertThat(properties.getReceiveMaximum()).isEqualTo(1024);
        assertThat(properties.getMaximumPacketSize()).isEqualTo(1024L * 1024);
        assertThat(properties.getTopicAliasMaximum()).isEqualTo(10);
        assertThat(properties.getMaximumQoS()).as("absent: QoS 2 is supported").isNull();
        assertThat(properties.isRetainAvailable()).as("absent: available").isTrue();
        assertThat(properties.isWildcardSubscriptionsAvailable()).isTrue();
        assertThat(properties.isSharedSubscriptionAvailable()).isTrue();
        assertThat(properties.getServerKeepAlive()).isNull();
        assertThat(properties.getAssignedClientIdentifier()).isNull();
    }

    @Test
    void requestResponseInformationIsAnsweredWithTheResponseTopicPrefix() {
        String clientId = Clients.unique("requester");

        Mqtt5ConnAck connAck = clients.hivemq5(clientId).connectWith()
                .restrictions().requestResponseInformation(true).applyRestrictions()
                .send();

        assertThat(connAck.getResponseInformation()).map(MqttUtf8String::toString)
                .contains("responses/" + clientId + "/");
    }

    @Test
    void pahoRequestResponseInformationIsAnsweredWithTheResponseTopicPrefix() throws Exception {
        String clientId = Clients.unique("paho-requester");
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setRequestResponseInfo(true);

        IMqttToken token = clients.paho5(clientId).connectWithResult(options);

        assertThat(token.getResponseProperties().getResponseInfo()).isEqualTo("responses/" + clientId + "/");
    }

    @Test
    void responseInformationForAnAssignedClientIdNamesTheAssignedId() {
        Mqtt5ConnAck connAck = clients.hivemq5("").connectWith()
                .restrictions().requestResponseInformation(true).applyRestrictions()
                .send();

        String assigned = connAck.getAssignedClientIdentifier().orElseThrow().toString();
        assertThat(connAck.getResponseInformation()).map(MqttUtf8String::toString)
                .contains("responses/" + assigned + "/");
    }

    @Test
    void userPropertiesInConnectAreAccepted() {
        Mqtt5BlockingClient client = clients.hivemq5(Clients.unique("with-props"));

        Mqtt5ConnAck connAck = client.connectWith()
                .userProperties().add("region", "eu-west").add("region", "eu-north").add("tier", "gold")
                .applyUserProperties()
                .send();

        assertThat(connAck.getReasonCode()).isEqualTo(Mqtt5ConnAckReasonCode.SUCCESS);
        assertThat(client.getState().isConnected()).isTrue();
    }

    @Test
    void pahoUserPropertiesInConnectAreAccepted() throws Exception {
        Paho5Client client = clients.paho5(Clients.unique("paho-props"));
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setUserProperties(List.of(new UserProperty("region", "eu-west"), new UserProperty("tier", "gold")));

        client.connect(options);

        assertThat(client.isConnected()).isTrue();
    }

    @Test
    void authenticationMethodIsRefusedByTheDefaultAuthenticator() {
        String clientId = Clients.unique("auth-method");
        Mqtt5BlockingClient client = clients.hivemq5(clientId);

        assertThatThrownBy(() -> client.connectWith()
                .enhancedAuth(new FixedAuthMechanism("SCRAM-SHA-256", TestClients.utf8("client-first")))
                .send())
                .isInstanceOfSatisfying(Mqtt5ConnAckException.class, refused -> assertThat(
                        refused.getMqttMessage().getReasonCode())
                        .isEqualTo(Mqtt5ConnAckReasonCode.BAD_AUTHENTICATION_METHOD));
        assertThat(sessions.find(clientId)).isEmpty();
    }

    @Test
    void pahoAuthenticationMethodIsRefusedByTheDefaultAuthenticator() throws Exception {
        Paho5Client client = clients.paho5(Clients.unique("paho-auth-method"));
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setAuthMethod("SCRAM-SHA-256");
        options.setAuthData(TestClients.utf8("client-first"));

        assertThatThrownBy(() -> client.connect(options))
                .isInstanceOfSatisfying(MqttException.class, refused -> assertThat(refused.getReasonCode())
                        .isEqualTo(0x8C));
        assertThat(client.isConnected()).isFalse();
    }

    @Test
    void authenticationMethodRefusalOnTheWireCarriesReasonCode0x8c() throws Exception {
        RawClient client = clients.raw5();

        Packet connAck = client.connect(Packets.connect5(Clients.unique("raw-auth"))
                .properties(Packets.properties().string(Packets.AUTHENTICATION_METHOD, "GS2-KRB5")));

        assertThat(connAck.reasonCode()).isEqualTo(0x8C);
        assertThat(connAck.properties().string(Packets.REASON_STRING)).contains("GS2-KRB5");
        client.awaitClosed();
    }

    /** Ends a kept session: a clean start with no expiry, then DISCONNECT. */
    private void endSession(String clientId) {
        Mqtt5BlockingClient cleaner = clients.hivemq5(clientId);
        cleaner.connectWith().cleanStart(true).sessionExpiryInterval(0).send();
        cleaner.disconnect();
        await().atMost(TestClients.PATIENCE).until(() -> sessions.find(clientId).isEmpty());
    }
}
