package io.petrel.mqtt5;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAck;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckRestrictions;
import io.petrel.session.Session;
import io.petrel.session.SessionRegistry;
import io.petrel.test.BrokerTest;
import io.petrel.test.Clients;
import io.petrel.test.client.Packet;
import io.petrel.test.client.PacketProperties;
import io.petrel.test.client.Packets;
import io.petrel.test.client.RawClient;
import io.petrel.test.client.TestClients;
import java.time.Duration;
import java.util.List;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A broker with its MQTT 5 capabilities switched off and its limits lowered: what CONNACK announces (and
 * grants: a session expiry interval above the maximum is cut down and returned), the server keep alive
 * imposed on clients, and no reason strings when {@code mqtt.send-reason-message} is off.
 */
@BrokerTest(properties = {"mqtt.listeners.tcp.port=0", "mqtt.listeners.tcp.host=127.0.0.1", "management.server.port=0",
    "mqtt.session-expiry-interval=60s", "mqtt.maximum-qos=1", "mqtt.retain-available=false",
    "mqtt.wildcard-subscription-available=false", "mqtt.subscription-identifier-available=false",
    "mqtt.shared-subscription-available=false", "mqtt.server-keep-alive=5s", "mqtt.topic-alias-maximum=0",
    "mqtt.send-reason-message=false", "mqtt.response-information="})
class ServerCapabilityTests {

    @Autowired
    SessionRegistry sessions;

    @RegisterExtension
    final TestClients clients = new TestClients();

    @Test
    void requestedSessionExpiryAboveTheServerMaximumIsClampedAndReturned() {
        String clientId = Clients.unique("clamped");
        Mqtt5BlockingClient client = clients.hivemq5(clientId);

        Mqtt5ConnAck connAck = client.connectWith().sessionExpiryInterval(3600).send();

        assertThat(connAck.getSessionExpiryInterval()).hasValue(60);
        assertThat(sessions.find(clientId).orElseThrow().expiryIntervalSeconds()).isEqualTo(60);
    }

    @Test
    void sessionThatShouldNeverExpireIsClampedToo() {
        String clientId = Clients.unique("clamped-forever");

        Mqtt5ConnAck connAck = clients.hivemq5(clientId).connectWith().noSessionExpiry().send();

        assertThat(connAck.getSessionExpiryInterval()).hasValue(60);
        assertThat(sessions.find(clientId).orElseThrow().expiryIntervalSeconds()).isEqualTo(60);
    }

    @Test
    void sessionExpiryWithinTheServerMaximumIsGrantedAndNotRepeated() {
        String clientId = Clients.unique("within");

        Mqtt5ConnAck connAck = clients.hivemq5(clientId).connectWith().sessionExpiryInterval(30).send();

        assertThat(connAck.getSessionExpiryInterval()).isEmpty();
        assertThat(sessions.find(clientId).orElseThrow().expiryIntervalSeconds()).isEqualTo(30);
    }

    @Test
    void pahoSeesTheClampedSessionExpiryInterval() throws Exception {
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        options.setSessionExpiryInterval(3600L);

        MqttProperties properties = clients.paho5(Clients.unique("paho-clamped")).connectWithResult(options)
                .getResponseProperties();

        assertThat(properties.getSessionExpiryInterval()).isEqualTo(60L);
    }

    @Test
    void sessionExpiryRaisedAtDisconnectIsClampedToTheServerMaximum() {
        String clientId = Clients.unique("raised");
        Mqtt5BlockingClient client = clients.hivemq5(clientId);
        client.connectWith().sessionExpiryInterval(10).send();
        Session session = sessions.find(clientId).orElseThrow();

        client.disconnectWith().sessionExpiryInterval(3600).send();

        await().atMost(TestClients.PATIENCE).until(() -> !session.isConnected());
        assertThat(session.expiryIntervalSeconds()).isEqualTo(60);
    }

    @Test
    void connAckAnnouncesTheRestrictedCapabilities() {
        Mqtt5ConnAck connAck = clients.hivemq5(Clients.unique("restricted")).connect();

        Mqtt5ConnAckRestrictions restrictions = connAck.getRestrictions();
        assertThat(restrictions.getMaximumQos()).isEqualTo(MqttQos.AT_LEAST_ONCE);
        assertThat(restrictions.isRetainAvailable()).isFalse();
        assertThat(restrictions.isWildcardSubscriptionAvailable()).isFalse();
        assertThat(restrictions.areSubscriptionIdentifiersAvailable()).isFalse();
        assertThat(restrictions.isSharedSubscriptionAvailable()).isFalse();
        assertThat(restrictions.getTopicAliasMaximum()).as("mqtt.topic-alias-maximum=0").isZero();
        assertThat(connAck.getServerKeepAlive()).hasValue(5);
    }

    @Test
    void pahoReadsTheRestrictedCapabilities() throws Exception {
        MqttProperties properties = clients.paho5(Clients.unique("paho-restricted"))
                .connectWithResult(new MqttConnectionOptions()).getResponseProperties();

        assertThat(properties.getMaximumQoS()).isEqualTo(1);
        assertThat(properties.isRetainAvailable()).isFalse();
        assertThat(properties.isWildcardSubscriptionsAvailable()).isFalse();
        assertThat(properties.isSubscriptionIdentifiersAvailable()).isFalse();
        assertThat(properties.isSharedSubscriptionAvailable()).isFalse();
        assertThat(properties.getServerKeepAlive()).isEqualTo(5);
    }

    @Test
    void restrictedCapabilitiesOnTheWire() throws Exception {
        Packet connAck = clients.raw5().connectSuccessfully(Packets.connect5(Clients.unique("raw-restricted")));

        PacketProperties properties = connAck.properties();
        assertThat(properties.integer(Packets.MAXIMUM_QOS)).isEqualTo(1L);
        assertThat(properties.integer(Packets.RETAIN_AVAILABLE)).isZero();
        assertThat(properties.integer(Packets.WILDCARD_SUBSCRIPTION_AVAILABLE)).isZero();
        assertThat(properties.integer(Packets.SUBSCRIPTION_IDENTIFIER_AVAILABLE)).isZero();
        assertThat(properties.integer(Packets.SHARED_SUBSCRIPTION_AVAILABLE)).isZero();
        assertThat(properties.integer(Packets.SERVER_KEEP_ALIVE)).isEqualTo(5L);
        assertThat(properties.has(Packets.TOPIC_ALIAS_MAXIMUM)).as("0 is the default: left out").isFalse();
    }

    @Test
    void clientAdoptsTheServerKeepAlive() {
        Mqtt5BlockingClient client = clients.hivemq5(Clients.unique("keep-alive"));

        client.connectWith().keepAlive(60).send();

        assertThat(client.getConfig().getConnectionConfig().orElseThrow().getKeepAlive()).isEqualTo(5);
    }

    @Test
    void serverKeepAliveIsEnforcedOnAClientThatAskedForNone() throws Exception {
        RawClient client = clients.raw5();
        client.connectSuccessfully(Packets.connect5(Clients.unique("silent")).keepAlive(0));
        long connected = System.nanoTime();

        List<Packet> packets = client.awaitClosedPackets(Duration.ofSeconds(15));

        // 1.5 x the server keep alive of 5 s
        assertThat(Duration.ofNanos(System.nanoTime() - connected)).isGreaterThanOrEqualTo(Duration.ofMillis(7000));
        assertThat(packets).singleElement().satisfies(disconnect -> {
            assertThat(disconnect.isDisconnect()).isTrue();
            assertThat(disconnect.reasonCode()).isEqualTo(0x8D);
            assertThat(disconnect.properties().has(Packets.REASON_STRING))
                    .as("mqtt.send-reason-message=false").isFalse();
        });
    }

    @Test
    void noReasonStringInDisconnectWhenSendReasonMessageIsOff() throws Exception {
        RawClient client = clients.raw5();
        Packets.Connect connect = Packets.connect5(Clients.unique("no-reason"))
                .properties(Packets.properties().oneByte(Packets.REQUEST_PROBLEM_INFORMATION, 1));
        client.connectSuccessfully(connect);

        List<Packet> packets = client.send(connect.bytes()).awaitClosedPackets();

        assertThat(packets).singleElement().satisfies(disconnect -> {
            assertThat(disconnect.reasonCode()).as("second CONNECT: protocol error").isEqualTo(0x82);
            assertThat(disconnect.properties().has(Packets.REASON_STRING)).isFalse();
        });
    }

    @Test
    void noReasonStringInARefusingConnAckWhenSendReasonMessageIsOff() throws Exception {
        RawClient client = clients.raw5();

        Packet connAck = client.connect(Packets.connect5(Clients.unique("no-reason-refused"))
                .properties(Packets.properties().string(Packets.AUTHENTICATION_METHOD, "GS2-KRB5")));

        assertThat(connAck.reasonCode()).isEqualTo(0x8C);
        assertThat(connAck.properties().has(Packets.REASON_STRING)).isFalse();
    }

    @Test
    void noResponseInformationWhenNoneIsConfigured() {
        Mqtt5ConnAck connAck = clients.hivemq5(Clients.unique("no-response-info")).connectWith()
                .restrictions().requestResponseInformation(true).applyRestrictions()
                .send();

        assertThat(connAck.getResponseInformation()).isEmpty();
    }
}
