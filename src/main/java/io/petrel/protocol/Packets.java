package io.petrel.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttProperties.BinaryProperty;
import io.netty.handler.codec.mqtt.MqttProperties.IntegerProperty;
import io.netty.handler.codec.mqtt.MqttProperties.MqttPropertyType;
import io.netty.handler.codec.mqtt.MqttPubReplyMessageVariableHeader;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttSubAckMessage;
import io.netty.handler.codec.mqtt.MqttSubAckPayload;
import io.netty.handler.codec.mqtt.MqttUnsubAckMessage;
import io.netty.handler.codec.mqtt.MqttUnsubAckPayload;
import io.petrel.message.Message;
import io.petrel.message.Qos;
import io.petrel.message.ReasonCode;
import io.petrel.routing.Delivery;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Conversions between Netty's MQTT messages and core types, and the packets the broker sends but PUBLISH
 * ({@link PublishPacket} encodes those itself). The codec encodes each packet in the layout of the connection's
 * protocol level; MQTT 3.1.1 drops what it lacks (properties, reason codes other than a refusal).
 */
final class Packets {

    private Packets() {}

    /**
     * Copies the payload and MQTT 5 properties out of a decoded PUBLISH into a message; the caller releases
     * the packet. {@code topic} is the resolved topic (after topic alias).
     */
    static Message toMessage(MqttPublishMessage publish, String topic, String origin, long nowMillis) {
        ByteBuf payload = publish.payload();
        MqttProperties properties = publish.variableHeader().properties();
        long expiry = V5Properties.unsignedInt(properties, MqttPropertyType.PUBLICATION_EXPIRY_INTERVAL, -1);
        return new Message(topic, ByteBufUtil.getBytes(payload, payload.readerIndex(), payload.readableBytes(), false),
                Qos.of(publish.fixedHeader().qosLevel().value()), publish.fixedHeader().isRetain(),
                V5Properties.messageProperties(properties), expiry < 0 ? Message.NEVER : nowMillis + expiry * 1000,
                origin);
    }

    /** The MQTT 5 properties of an outbound PUBLISH (ignored by the codec for 3.1.1 connections). */
    static MqttProperties publishProperties(Delivery delivery, int topicAlias, long nowMillis) {
        Message message = delivery.message();
        if (message.properties() == io.petrel.message.MessageProperties.NONE && message.expiresAt() == Message.NEVER
                && delivery.subscriptionIds().isEmpty() && topicAlias == 0) {
            return MqttProperties.NO_PROPERTIES;
        }
        MqttProperties properties = new MqttProperties();
        V5Properties.addMessageProperties(properties, message.properties());
        long remaining = message.remainingExpirySeconds(nowMillis);
        if (remaining >= 0) {
            properties.add(new IntegerProperty(MqttPropertyType.PUBLICATION_EXPIRY_INTERVAL.value(), (int) remaining));
        }
        for (int id : delivery.subscriptionIds()) {
            properties.add(new IntegerProperty(MqttPropertyType.SUBSCRIPTION_IDENTIFIER.value(), id));
        }
        if (topicAlias != 0) {
            properties.add(new IntegerProperty(MqttPropertyType.TOPIC_ALIAS.value(), topicAlias));
        }
        return properties;
    }

    /** A CONNACK: MQTT 5 gets the reason code itself, 3.1 and 3.1.1 the nearest return code. */
    static MqttConnAckMessage connAck(int protocolVersion, ReasonCode reasonCode, boolean sessionPresent,
            MqttProperties properties) {
        int code = protocolVersion == 5 ? reasonCode.value() : reasonCode.connectReturnCode();
        return MqttMessageBuilders.connAck()
                .returnCode(MqttConnectReturnCode.valueOf((byte) code))
                .sessionPresent(sessionPresent)
                .properties(properties)
                .build();
    }

    /** SUBACK: MQTT 5 reason codes, or for 3.1.1 the granted QoS and 0x80 for any failure. */
    static MqttSubAckMessage subAck(int protocolVersion, int packetId, List<ReasonCode> reasonCodes,
            MqttProperties properties) {
        List<Integer> codes = reasonCodes.stream()
                .map(code -> protocolVersion == 5 || !code.isError() ? code.value() : ReasonCode.UNSPECIFIED_ERROR.value())
                .toList();
        return new MqttSubAckMessage(new MqttFixedHeader(MqttMessageType.SUBACK, false, MqttQoS.AT_MOST_ONCE, false, 0),
                new io.netty.handler.codec.mqtt.MqttMessageIdAndPropertiesVariableHeader(packetId, properties),
                new MqttSubAckPayload(codes));
    }

    static MqttUnsubAckMessage unsubAck(int packetId, List<ReasonCode> reasonCodes, MqttProperties properties) {
        return new MqttUnsubAckMessage(new MqttFixedHeader(MqttMessageType.UNSUBACK, false, MqttQoS.AT_MOST_ONCE, false, 0),
                new io.netty.handler.codec.mqtt.MqttMessageIdAndPropertiesVariableHeader(packetId, properties),
                new MqttUnsubAckPayload(reasonCodes.stream().map(code -> (short) code.value()).toList()));
    }

    static MqttMessage disconnect(ReasonCode reasonCode, MqttProperties properties) {
        return MqttMessageBuilders.disconnect().reasonCode((byte) reasonCode.value()).properties(properties).build();
    }

    /** An AUTH packet: always with the authentication method [MQTT-4.12.0-5], with data when there is some. */
    static MqttMessage auth(ReasonCode reasonCode, String method, byte @Nullable [] data) {
        MqttProperties properties = new MqttProperties();
        V5Properties.addString(properties, MqttPropertyType.AUTHENTICATION_METHOD, method);
        if (data != null) {
            properties.add(new BinaryProperty(MqttPropertyType.AUTHENTICATION_DATA.value(), data));
        }
        return MqttMessageBuilders.auth().reasonCode((byte) reasonCode.value()).properties(properties).build();
    }

    /** Properties holding just a reason string, or none. */
    static MqttProperties reasonString(@Nullable String reason) {
        if (reason == null) {
            return MqttProperties.NO_PROPERTIES;
        }
        MqttProperties properties = new MqttProperties();
        V5Properties.addString(properties, MqttPropertyType.REASON_STRING, reason);
        return properties;
    }

    static int packetId(MqttMessage message) {
        return ((MqttMessageIdVariableHeader) message.variableHeader()).messageId();
    }

    /** The reason code in an acknowledgement from the client (0 for MQTT 3.1.1). */
    static int reasonCode(MqttMessage ack) {
        return ack.variableHeader() instanceof MqttPubReplyMessageVariableHeader reply ? reply.reasonCode() & 0xFF : 0;
    }
}
