package io.petrel.protocol;

import static io.netty.handler.codec.mqtt.MqttMessageType.PUBACK;
import static io.netty.handler.codec.mqtt.MqttMessageType.PUBLISH;
import static io.netty.handler.codec.mqtt.MqttQoS.AT_LEAST_ONCE;
import static io.petrel.protocol.ClientPackets.bytes;
import static io.petrel.protocol.ClientPackets.payload;
import static io.petrel.protocol.ClientPackets.publish;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import java.io.ByteArrayOutputStream;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Malformed packets, written byte by byte: each closes the connection that sent it, and only that one. A
 * bystander connected to the same broker still publishes and receives afterwards.
 */
class MalformedPacketTests {

    private static final int MAX_PACKET_SIZE = 128;

    private static final byte[] SUBSCRIBE_REQUESTING_QOS_3 = bytes(
            0x82,                                   // SUBSCRIBE, flags 0010
            0x06,                                   // remaining length 6
            0x00, 0x01,                             // packet identifier 1
            0x00, 0x01, 't',                        // topic filter "t"
            0x03);                                  // requested QoS 3 [MQTT-3.8.3-4]

    private final EmbeddedBroker broker = new EmbeddedBroker()
            .configure(settings -> settings.maxPacketSize(MAX_PACKET_SIZE));

    private EmbeddedMqttClient bystander;

    private EmbeddedMqttClient offender;

    @BeforeEach
    void connectClients() {
        bystander = broker.connectedClient("bystander");
        bystander.subscribe("bystander/echo", AT_LEAST_ONCE);
        offender = broker.connectedClient("offender");
    }

    @AfterEach
    void finishChannels() {
        broker.close();
    }

    @Test
    void remainingLengthOfFiveBytesClosesOnlyThatConnection() {
        offender.sendBytes(bytes(
                0x30,                               // PUBLISH, QoS 0
                0xFF, 0xFF, 0xFF, 0xFF, 0x7F));     // remaining length in 5 bytes: at most 4 are allowed

        assertOnlyTheOffenderWasClosed();
    }

    @Test
    void publishWithQos3ClosesOnlyThatConnection() {
        offender.sendBytes(bytes(
                0x36,                               // PUBLISH, QoS bits 11: no such QoS [MQTT-3.3.1-4]
                0x06,                               // remaining length 6
                0x00, 0x01, 't',                    // topic name "t"
                0x00, 0x01,                         // packet identifier 1
                'x'));                              // payload

        assertOnlyTheOffenderWasClosed();
    }

    @Test
    void packetType0ClosesOnlyThatConnection() {
        offender.sendBytes(bytes(
                0x00,                               // packet type 0: reserved
                0x00));                             // remaining length 0

        assertOnlyTheOffenderWasClosed();
    }

    @Test
    void packetType15ClosesOnlyThatConnection() {
        offender.sendBytes(bytes(
                0xF0,                               // packet type 15: reserved in MQTT 3.1.1 (AUTH exists only in MQTT 5)
                0x00));                             // remaining length 0

        assertOnlyTheOffenderWasClosed();
    }

    @Test
    void pubrelWithWrongFixedHeaderFlagsClosesOnlyThatConnection() {
        offender.sendBytes(bytes(
                0x60,                               // PUBREL with flags 0000; they must be 0010 [MQTT-3.6.1-1]
                0x02,                               // remaining length 2
                0x00, 0x01));                       // packet identifier 1

        assertOnlyTheOffenderWasClosed();
    }

    @Test
    void packetOverTheMaximumPacketSizeClosesOnlyThatConnection() {
        ByteArrayOutputStream publish = new ByteArrayOutputStream();
        publish.writeBytes(bytes(
                0x30,                               // PUBLISH, QoS 0
                0xC8, 0x01,                         // remaining length 200, over the maximum of 128
                0x00, 0x01, 't'));                  // topic name "t"
        publish.writeBytes(new byte[197]);          // payload: 197 zero bytes

        offender.sendBytes(publish.toByteArray());

        assertOnlyTheOffenderWasClosed();
    }

    @Test
    void qos1PublishWithPacketIdentifier0ClosesOnlyThatConnection() {
        offender.sendBytes(bytes(
                0x32,                               // PUBLISH, QoS 1
                0x05,                               // remaining length 5
                0x00, 0x01, 't',                    // topic name "t"
                0x00, 0x00));                       // packet identifier 0: must be non-zero [MQTT-2.3.1-1]

        assertOnlyTheOffenderWasClosed();
    }

    @Test
    void subscribeRequestingQos3ClosesOnlyThatConnection() {
        offender.sendBytes(SUBSCRIBE_REQUESTING_QOS_3);

        assertOnlyTheOffenderWasClosed();
    }

    @Test
    void pingreqWithARemainingLengthClosesOnlyThatConnection() {
        offender.sendBytes(bytes(
                0xC0,                               // PINGREQ
                0x01,                               // remaining length 1; PINGREQ has no variable header
                0x00));                             // a stray byte

        assertOnlyTheOffenderWasClosed();
    }

    @Test
    void topicNameThatIsNotWellFormedUtf8ClosesOnlyThatConnection() {
        offender.sendBytes(bytes(
                0x30,                               // PUBLISH, QoS 0
                0x05,                               // remaining length 5
                0x00, 0x02, 0xC3, 0x28,             // topic name: 0xC3 starts a 2-byte sequence, 0x28 cannot continue it [MQTT-1.5.3-1]
                'x'));                              // payload

        assertOnlyTheOffenderWasClosed();
    }

    @Test
    void nothingAfterAMalformedPacketIsProcessed() {
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        stream.writeBytes(SUBSCRIBE_REQUESTING_QOS_3);
        stream.writeBytes(bytes(
                0x30,                               // PUBLISH, QoS 0: well-formed, in the same read
                0x11,                               // remaining length 17
                0x00, 0x0E));                       // topic name of 14 bytes
        stream.writeBytes("bystander/echo".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        stream.writeBytes(bytes('!'));              // payload

        offender.sendBytes(stream.toByteArray());

        assertOnlyTheOffenderWasClosed(); // the bystander receives its own message only
    }

    private void assertOnlyTheOffenderWasClosed() {
        assertThat(offender.receiveAll()).as("packets to the offender").isEmpty();
        assertThat(offender.isOpen()).as("the offender's connection").isFalse();

        bystander.send(publish("bystander/echo", "still here", AT_LEAST_ONCE, 9));

        List<MqttMessage> received = bystander.receiveAll();
        assertThat(bystander.isOpen()).as("the bystander's connection").isTrue();
        assertThat(received).extracting(ClientPackets::type).containsExactlyInAnyOrder(PUBACK, PUBLISH);
        assertThat(received).filteredOn(MqttPublishMessage.class::isInstance).singleElement()
                .satisfies(echo -> assertThat(payload((MqttPublishMessage) echo)).isEqualTo("still here"));
    }
}
