package io.petrel.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttProperties.MqttPropertyType;
import io.netty.handler.codec.mqtt.MqttPubReplyMessageVariableHeader;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import io.petrel.message.Message;
import io.petrel.message.MessageProperties;
import io.petrel.message.Qos;
import io.petrel.message.ReasonCode;
import io.petrel.message.UserProperty;
import io.petrel.routing.Delivery;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The packets the broker encodes itself ({@link PublishPacket}, {@link AckPacket}), read back by Netty's
 * decoder (the one clients' libraries agree with in the interop tests): every field and property survives,
 * the buffer has no slack, and {@link PublishPacket#size} is the encoded size.
 */
class OwnPacketEncodingTests {

    /** Where Netty's codec keeps a channel's protocol level, which the decoder reads the properties by. */
    private static final AttributeKey<MqttVersion> CODEC_VERSION = AttributeKey.valueOf("NETTY_CODEC_MQTT_VERSION");

    private final EmbeddedChannel decoder = new EmbeddedChannel(new MqttDecoder(1 << 20, 65535));
    private final List<MqttMessage> decoded = new ArrayList<>();

    @AfterEach
    void releaseEverything() {
        decoded.forEach(ReferenceCountUtil::release);
        decoder.finishAndReleaseAll();
    }

    @Test
    void mqtt311PacketHasNoPropertiesAndItsPacketIdentifier() {
        Delivery delivery = new Delivery(Message.of("sensors/1/temperature", "21.5", Qos.AT_LEAST_ONCE, false),
                Qos.AT_LEAST_ONCE, true, List.of());

        MqttPublishMessage decoded = encodeAndDecode(MqttVersion.MQTT_3_1_1, delivery, "sensors/1/temperature",
                0x1234, true, MqttProperties.NO_PROPERTIES);

        assertThat(decoded.variableHeader().topicName()).isEqualTo("sensors/1/temperature");
        assertThat(decoded.variableHeader().packetId()).isEqualTo(0x1234);
        assertThat(decoded.fixedHeader().qosLevel()).isEqualTo(MqttQoS.AT_LEAST_ONCE);
        assertThat(decoded.fixedHeader().isDup()).isTrue();
        assertThat(decoded.fixedHeader().isRetain()).isTrue();
        assertThat(decoded.payload().toString(StandardCharsets.UTF_8)).isEqualTo("21.5");
    }

    @Test
    void qos0PacketHasNoPacketIdentifier() {
        Delivery delivery = new Delivery(Message.of("a/b", "x", Qos.AT_MOST_ONCE, false), Qos.AT_MOST_ONCE, false,
                List.of());

        MqttPublishMessage decoded = encodeAndDecode(MqttVersion.MQTT_5, delivery, "a/b", 0, false,
                MqttProperties.NO_PROPERTIES);

        assertThat(decoded.fixedHeader().qosLevel()).isEqualTo(MqttQoS.AT_MOST_ONCE);
        assertThat(decoded.fixedHeader().isDup()).isFalse();
        assertThat(decoded.fixedHeader().isRetain()).isFalse();
        assertThat(decoded.payload().toString(StandardCharsets.UTF_8)).isEqualTo("x");
        assertThat(decoded.variableHeader().properties().isEmpty()).isTrue();
    }

    @Test
    void mqtt5PacketCarriesEveryPublishProperty() {
        MessageProperties messageProperties = new MessageProperties(1, "application/json", "replies/42",
                new byte[] {0, 1, 2, (byte) 0xFF}, List.of(new UserProperty("unit", "°C"), new UserProperty("unit", "K"),
                        new UserProperty("site", "north")));
        Message message = new Message("home/kitchen", "{}".getBytes(StandardCharsets.UTF_8), Qos.EXACTLY_ONCE, false,
                messageProperties, System.currentTimeMillis() + 60_000, null);
        Delivery delivery = new Delivery(message, Qos.EXACTLY_ONCE, false, List.of(7, 200_000));
        MqttProperties properties = Packets.publishProperties(delivery, 3, System.currentTimeMillis());

        MqttPublishMessage decoded = encodeAndDecode(MqttVersion.MQTT_5, delivery, "", 9, false, properties);

        MqttProperties received = decoded.variableHeader().properties();
        assertThat(decoded.variableHeader().topicName()).isEmpty(); // the topic alias stands for it
        assertThat(V5Properties.integer(received, MqttPropertyType.TOPIC_ALIAS, 0)).isEqualTo(3);
        assertThat(V5Properties.integer(received, MqttPropertyType.PAYLOAD_FORMAT_INDICATOR, 0)).isEqualTo(1);
        assertThat(V5Properties.string(received, MqttPropertyType.CONTENT_TYPE)).isEqualTo("application/json");
        assertThat(V5Properties.string(received, MqttPropertyType.RESPONSE_TOPIC)).isEqualTo("replies/42");
        assertThat(V5Properties.binary(received, MqttPropertyType.CORRELATION_DATA))
                .containsExactly(0, 1, 2, (byte) 0xFF);
        assertThat(V5Properties.unsignedInt(received, MqttPropertyType.PUBLICATION_EXPIRY_INTERVAL, -1))
                .isBetween(59L, 60L);
        assertThat(received.getProperties(MqttPropertyType.SUBSCRIPTION_IDENTIFIER.value()))
                .extracting(MqttProperties.MqttProperty::value).containsExactly(7, 200_000);
        assertThat(V5Properties.userProperties(received)).containsExactly(new UserProperty("unit", "°C"),
                new UserProperty("unit", "K"), new UserProperty("site", "north"));
        assertThat(decoded.variableHeader().packetId()).isEqualTo(9);
        assertThat(decoded.fixedHeader().qosLevel()).isEqualTo(MqttQoS.EXACTLY_ONCE);
    }

    @Test
    void multiByteRemainingLengthAndNonAsciiTopic() {
        String topic = "capteurs/température/été";
        byte[] payload = new byte[70_000];
        payload[0] = 1;
        payload[payload.length - 1] = 2;
        Delivery delivery = new Delivery(new Message(topic, payload, Qos.AT_LEAST_ONCE, false), Qos.AT_LEAST_ONCE,
                false, List.of());

        MqttPublishMessage decoded = encodeAndDecode(MqttVersion.MQTT_3_1_1, delivery, topic, 1, false,
                MqttProperties.NO_PROPERTIES);

        assertThat(decoded.variableHeader().topicName()).isEqualTo(topic);
        assertThat(ByteBufUtil.getBytes(decoded.payload())).isEqualTo(payload);
    }

    /** Encodes, checks the size the broker computes beforehand against the bytes, and decodes with Netty's codec. */
    private MqttPublishMessage encodeAndDecode(MqttVersion version, Delivery delivery, String topic, int packetId,
            boolean duplicate, MqttProperties properties) {
        boolean mqtt5 = version == MqttVersion.MQTT_5;
        ByteBuf packet = PublishPacket.encode(PooledByteBufAllocator.DEFAULT, delivery, topic, packetId, duplicate,
                properties, mqtt5);
        assertThat((long) packet.readableBytes()).as("size computed beforehand")
                .isEqualTo(PublishPacket.size(topic, delivery.qos() != Qos.AT_MOST_ONCE, properties, mqtt5,
                        delivery.message().payload().length));
        assertThat(packet.writableBytes()).as("no slack in the buffer").isZero();
        return decode(version, packet);
    }

    private <M extends MqttMessage> M decode(MqttVersion version, ByteBuf packet) {
        decoder.attr(CODEC_VERSION).set(version);
        decoder.writeInbound(packet);
        M message = decoder.readInbound();
        decoded.add(message);
        assertThat(message.decoderResult().isSuccess()).as("%s", message.decoderResult()).isTrue();
        assertThat((Object) decoder.readInbound()).as("nothing left over").isNull();
        return message;
    }

    @Test
    void mqtt311AcknowledgementIsThePacketIdentifierAlone() {
        ByteBuf packet = AckPacket.encode(PooledByteBufAllocator.DEFAULT, MqttMessageType.PUBACK, 0x0102,
                ReasonCode.NOT_AUTHORIZED, MqttProperties.NO_PROPERTIES, false);

        assertThat(ByteBufUtil.getBytes(packet)).containsExactly(0x40, 2, 1, 2);
        MqttMessage ack = decode(MqttVersion.MQTT_3_1_1, packet);
        assertThat(Packets.packetId(ack)).isEqualTo(0x0102);
    }

    @Test
    void mqtt5SuccessLeavesOutReasonCodeAndProperties() {
        ByteBuf packet = AckPacket.encode(PooledByteBufAllocator.DEFAULT, MqttMessageType.PUBCOMP, 7,
                ReasonCode.SUCCESS, MqttProperties.NO_PROPERTIES, true);

        assertThat(ByteBufUtil.getBytes(packet)).containsExactly(0x70, 2, 0, 7);
        packet.release();
    }

    @Test
    void pubrelHasFlags0010AndAReasonCodeWithoutProperties() {
        ByteBuf packet = AckPacket.encode(PooledByteBufAllocator.DEFAULT, MqttMessageType.PUBREL, 300,
                ReasonCode.PACKET_IDENTIFIER_NOT_FOUND, MqttProperties.NO_PROPERTIES, true);

        assertThat(ByteBufUtil.getBytes(packet)).containsExactly(0x62, 3, 1, 44, 0x92); // [MQTT-3.6.1-1]
        MqttMessage pubrel = decode(MqttVersion.MQTT_5, packet);
        assertThat(pubrel.fixedHeader().messageType()).isEqualTo(MqttMessageType.PUBREL);
        assertThat(Packets.reasonCode(pubrel)).isEqualTo(0x92);
    }

    @Test
    void mqtt5RefusalCarriesItsReasonString() {
        ByteBuf packet = AckPacket.encode(PooledByteBufAllocator.DEFAULT, MqttMessageType.PUBREC, 9,
                ReasonCode.QUOTA_EXCEEDED, Packets.reasonString("quota of café exceeded"), true);

        assertThat(packet.writableBytes()).as("no slack in the buffer").isZero();
        MqttMessage pubrec = decode(MqttVersion.MQTT_5, packet);
        assertThat(Packets.packetId(pubrec)).isEqualTo(9);
        assertThat(Packets.reasonCode(pubrec)).isEqualTo(0x97);
        MqttProperties properties = ((MqttPubReplyMessageVariableHeader) pubrec.variableHeader()).properties();
        assertThat(V5Properties.string(properties, MqttPropertyType.REASON_STRING)).isEqualTo("quota of café exceeded");
    }
}
