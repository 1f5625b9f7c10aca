package io.petrel.protocol;

import static io.netty.handler.codec.mqtt.MqttConnectReturnCode.CONNECTION_ACCEPTED;
import static io.netty.handler.codec.mqtt.MqttConnectReturnCode.CONNECTION_REFUSED_IDENTIFIER_REJECTED;
import static io.netty.handler.codec.mqtt.MqttConnectReturnCode.CONNECTION_REFUSED_UNACCEPTABLE_PROTOCOL_VERSION;
import static io.petrel.protocol.ClientPackets.bytes;
import static io.petrel.protocol.ClientPackets.connect;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttVersion;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** CONNECT to CONNACK over the production pipeline: versions, client identifiers, flags, ordering and timeouts. */
class ConnectFlowTests {

    private final EmbeddedBroker broker = new EmbeddedBroker();

    @AfterEach
    void finishChannels() {
        broker.close();
    }

    @Test
    void acceptedConnectIsAnsweredWithConnackAcceptedWithoutSessionPresent() {
        EmbeddedMqttClient client = broker.newClient();

        MqttConnAckMessage connAck = client.connect(connect("accepted"));

        assertThat(connAck.variableHeader().connectReturnCode()).isEqualTo(CONNECTION_ACCEPTED);
        assertThat(connAck.variableHeader().isSessionPresent()).isFalse();
        assertThat(client.isOpen()).isTrue();
    }

    @Test
    void unknownProtocolLevelIsRefusedWithUnacceptableProtocolVersionThenClosed() {
        EmbeddedMqttClient client = broker.newClient();

        client.sendBytes(bytes(
                0x10,                               // CONNECT, flags 0000
                0x0D,                               // remaining length 13
                0x00, 0x04, 'M', 'Q', 'T', 'T',     // protocol name "MQTT"
                0x06,                               // protocol level 6: no such version
                0x02,                               // connect flags: clean session
                0x00, 0x00,                         // keep alive 0
                0x00, 0x01, 'c'));                  // client id "c"

        assertRefused(client, CONNECTION_REFUSED_UNACCEPTABLE_PROTOCOL_VERSION);
    }

    @Test
    void mqtt31IsRefusedWithUnacceptableProtocolVersionWhenOnlyLevel4IsEnabled() {
        broker.configure(settings -> settings.protocolVersions(4));
        EmbeddedMqttClient client = broker.newClient();

        client.send(connect("mqtt31").protocolVersion(MqttVersion.MQTT_3_1).build());

        assertRefused(client, CONNECTION_REFUSED_UNACCEPTABLE_PROTOCOL_VERSION);
    }

    @Test
    void mqtt5IsRefusedWithUnacceptableProtocolVersionInTheMqtt311ConnackFormat() {
        EmbeddedMqttClient client = broker.newClient();

        client.sendBytes(bytes(
                0x10,                               // CONNECT, flags 0000
                0x0E,                               // remaining length 14
                0x00, 0x04, 'M', 'Q', 'T', 'T',     // protocol name "MQTT"
                0x05,                               // protocol level 5 (MQTT 5), not enabled
                0x02,                               // connect flags: clean session
                0x00, 0x00,                         // keep alive 0
                0x00,                               // property length 0
                0x00, 0x01, 'c'));                  // client id "c"

        // A broker of levels 3 and 4 answers in the only CONNACK format it speaks [MQTT-3.1.2-2]:
        // two bytes of variable header, no MQTT 5 property length.
        assertThat(client.receiveBytes()).containsExactly(
                0x20,                               // CONNACK
                0x02,                               // remaining length 2
                0x00,                               // connect acknowledge flags: no session present
                0x01);                              // return code 1: unacceptable protocol version
        assertThat(client.isOpen()).isFalse();
    }

    @Test
    void mqtt31ClientIsAcceptedWithoutSessionPresent() {
        EmbeddedMqttClient client = broker.newClient();

        MqttConnAckMessage connAck = client.connect(connect("mqtt31-client").protocolVersion(MqttVersion.MQTT_3_1));

        assertThat(connAck.variableHeader().connectReturnCode()).isEqualTo(CONNECTION_ACCEPTED);
        assertThat(connAck.variableHeader().isSessionPresent()).isFalse();
        client.send(MqttMessage.PINGREQ);
        assertThat(client.receive().fixedHeader().messageType()).isEqualTo(MqttMessageType.PINGRESP);
    }

    @Test
    void emptyClientIdWithCleanSessionIsAcceptedWithAServerAssignedIdentifier() {
        EmbeddedMqttClient first = broker.newClient();
        EmbeddedMqttClient second = broker.newClient();

        MqttConnAckMessage firstConnAck = first.connect(connect(""));
        MqttConnAckMessage secondConnAck = second.connect(connect(""));

        assertThat(firstConnAck.variableHeader().connectReturnCode()).isEqualTo(CONNECTION_ACCEPTED);
        assertThat(secondConnAck.variableHeader().connectReturnCode()).isEqualTo(CONNECTION_ACCEPTED);
        // each got an identifier of its own, so neither took the other's session over
        assertThat(broker.broker().sessions().size()).isEqualTo(2);
        assertThat(first.isOpen()).isTrue();
        assertThat(second.isOpen()).isTrue();
    }

    @Test
    void emptyClientIdWithoutCleanSessionIsRefusedWithIdentifierRejectedThenClosed() {
        EmbeddedMqttClient client = broker.newClient();

        client.send(connect("").cleanSession(false).build());

        assertRefused(client, CONNECTION_REFUSED_IDENTIFIER_REJECTED);
    }

    @Test
    void clientIdOfTheMaximumLengthIsAccepted() {
        broker.configure(settings -> settings.maxClientIdLength(23));
        EmbeddedMqttClient client = broker.newClient();

        MqttConnAckMessage connAck = client.connect(connect("x".repeat(23)));

        assertThat(connAck.variableHeader().connectReturnCode()).isEqualTo(CONNECTION_ACCEPTED);
    }

    @Test
    void clientIdLongerThanTheMaximumIsRefusedWithIdentifierRejectedThenClosed() {
        broker.configure(settings -> settings.maxClientIdLength(23));
        EmbeddedMqttClient client = broker.newClient();

        client.send(connect("x".repeat(24)).build());

        assertRefused(client, CONNECTION_REFUSED_IDENTIFIER_REJECTED);
    }

    @Test
    void mqtt31ClientIdLongerThanTheMaximumIsRejectedByTheDecoderWithIdentifierRejected() {
        broker.configure(settings -> settings.maxClientIdLength(12));
        EmbeddedMqttClient client = broker.newClient();

        client.send(connect("x".repeat(13)).protocolVersion(MqttVersion.MQTT_3_1).build());

        assertRefused(client, CONNECTION_REFUSED_IDENTIFIER_REJECTED);
    }

    @Test
    void mqtt31EmptyClientIdIsRefusedWithIdentifierRejected() {
        EmbeddedMqttClient client = broker.newClient();

        client.sendBytes(bytes(
                0x10,                               // CONNECT, flags 0000
                0x0E,                               // remaining length 14
                0x00, 0x06, 'M', 'Q', 'I', 's', 'd', 'p', // protocol name "MQIsdp"
                0x03,                               // protocol level 3 (MQTT 3.1)
                0x02,                               // connect flags: clean session
                0x00, 0x00,                         // keep alive 0
                0x00, 0x00));                       // client id "": MQTT 3.1 needs 1 to 23 characters

        assertRefused(client, CONNECTION_REFUSED_IDENTIFIER_REJECTED);
    }

    @Test
    void reservedConnectFlagClosesTheConnectionWithoutConnack() {
        EmbeddedMqttClient client = broker.newClient();

        client.sendBytes(bytes(
                0x10,                               // CONNECT, flags 0000
                0x0D,                               // remaining length 13
                0x00, 0x04, 'M', 'Q', 'T', 'T',     // protocol name "MQTT"
                0x04,                               // protocol level 4 (MQTT 3.1.1)
                0x03,                               // connect flags: clean session + reserved bit 0 [MQTT-3.1.2-3]
                0x00, 0x00,                         // keep alive 0
                0x00, 0x01, 'c'));                  // client id "c"

        assertClosedWithoutConnack(client);
    }

    @Test
    void passwordFlagWithoutUserNameFlagClosesTheConnectionWithoutConnack() {
        EmbeddedMqttClient client = broker.newClient();

        client.sendBytes(bytes(
                0x10,                               // CONNECT, flags 0000
                0x11,                               // remaining length 17
                0x00, 0x04, 'M', 'Q', 'T', 'T',     // protocol name "MQTT"
                0x04,                               // protocol level 4 (MQTT 3.1.1)
                0x42,                               // connect flags: password + clean session, no user name [MQTT-3.1.2-22]
                0x00, 0x00,                         // keep alive 0
                0x00, 0x01, 'c',                    // client id "c"
                0x00, 0x02, 'p', 'w'));             // password "pw"

        assertClosedWithoutConnack(client);
    }

    @Test
    void willQosWithoutWillFlagClosesTheConnectionWithoutConnack() {
        EmbeddedMqttClient client = broker.newClient();

        client.send(connect("will-qos").willFlag(false).willQoS(MqttQoS.AT_LEAST_ONCE).build()); // [MQTT-3.1.2-13]

        assertClosedWithoutConnack(client);
    }

    @Test
    void willRetainWithoutWillFlagClosesTheConnectionWithoutConnack() {
        EmbeddedMqttClient client = broker.newClient();

        client.send(connect("will-retain").willFlag(false).willRetain(true).build()); // [MQTT-3.1.2-15]

        assertClosedWithoutConnack(client);
    }

    @Test
    void secondConnectClosesTheConnection() {
        EmbeddedMqttClient client = broker.connectedClient("twice");

        client.send(connect("twice").build()); // [MQTT-3.1.0-2]

        assertThat(client.receiveAll()).isEmpty();
        assertThat(client.isOpen()).isFalse();
    }

    @Test
    void publishBeforeConnectClosesTheConnection() {
        EmbeddedMqttClient client = broker.newClient();

        client.send(ClientPackets.publish("early", "payload", MqttQoS.AT_LEAST_ONCE, 1)); // [MQTT-3.1.0-1]

        assertClosedWithoutConnack(client);
    }

    @Test
    void pingreqBeforeConnectClosesTheConnection() {
        EmbeddedMqttClient client = broker.newClient();

        client.send(MqttMessage.PINGREQ);

        assertClosedWithoutConnack(client);
    }

    @Test
    void connectionWithoutConnectIsClosedWhenTheConnectTimeoutEnds() {
        broker.configure(settings -> settings.connectTimeout(Duration.ofSeconds(10)));
        EmbeddedMqttClient client = broker.newClient();

        client.advanceTimeBy(Duration.ofMillis(9_999));
        assertThat(client.isOpen()).as("open before the connect timeout").isTrue();
        client.advanceTimeBy(Duration.ofMillis(1));

        assertClosedWithoutConnack(client);
    }

    @Test
    void connectTimeoutDoesNotCloseAConnectedClient() {
        broker.configure(settings -> settings.connectTimeout(Duration.ofSeconds(10)));
        EmbeddedMqttClient client = broker.connectedClient("in-time");

        client.advanceTimeBy(Duration.ofSeconds(11));

        assertThat(client.isOpen()).isTrue();
    }

    private static void assertRefused(EmbeddedMqttClient client, MqttConnectReturnCode returnCode) {
        assertThat(client.receiveAll()).singleElement().isInstanceOfSatisfying(MqttConnAckMessage.class,
                connAck -> {
                    assertThat(connAck.variableHeader().connectReturnCode()).isEqualTo(returnCode);
                    assertThat(connAck.variableHeader().isSessionPresent()).isFalse();
                });
        assertThat(client.isOpen()).as("connection open after the refusal").isFalse();
    }

    private static void assertClosedWithoutConnack(EmbeddedMqttClient client) {
        assertThat(client.receiveAll()).as("packets from the broker").isEmpty();
        assertThat(client.isOpen()).as("connection open").isFalse();
    }
}
