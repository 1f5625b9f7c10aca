package io.petrel.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttProperties.MqttPropertyType;
import io.netty.handler.codec.mqtt.MqttProperties.StringPair;
import io.petrel.routing.Delivery;
import java.util.List;

/**
 * The PUBLISH packets the broker sends: their size on the wire, known without encoding them (so that a
 * message too large for the client's maximum packet size is dropped before it takes a packet identifier),
 * and their encoding straight into one buffer of that size. Netty's generic encoder wrapped the payload,
 * duplicated the wrapper and took NIO views of both buffers for every packet, a fifth of what the broker
 * allocated per message (bench/RESULTS.md); here the payload is copied once and the buffer is the only
 * allocation. The layout is that of MQTT 3.1.1 and 5.0 [MQTT-3.3]; 3.1.1 has no properties.
 */
final class PublishPacket {

    private static final int PUBLISH_TYPE = MqttMessageType.PUBLISH.value() << 4;
    private static final int DUPLICATE_FLAG = 0x08;
    private static final int RETAIN_FLAG = 0x01;

    private PublishPacket() {}

    /** The whole packet's size in bytes: fixed header, variable header and payload. */
    static long size(String topic, boolean hasPacketId, MqttProperties properties, boolean mqtt5, int payloadLength) {
        long remaining = remainingLength(ByteBufUtil.utf8Bytes(topic), hasPacketId,
                mqtt5 ? propertiesLength(properties) : -1, payloadLength);
        return 1 + variableByteIntegerSize(remaining) + remaining;
    }

    /**
     * Encodes a PUBLISH of {@code delivery} under {@code topic} (empty when a topic alias stands for it);
     * {@code properties} are written only for MQTT 5. The packet identifier is written for QoS 1 and 2.
     */
    static ByteBuf encode(ByteBufAllocator allocator, Delivery delivery, String topic, int packetId,
            boolean duplicate, MqttProperties properties, boolean mqtt5) {
        byte[] payload = delivery.message().payload();
        int qos = delivery.qos().value();
        int topicLength = ByteBufUtil.utf8Bytes(topic);
        int propertiesLength = mqtt5 ? propertiesLength(properties) : -1;
        int remaining = (int) remainingLength(topicLength, qos > 0, propertiesLength, payload.length);
        ByteBuf packet = allocator.ioBuffer(1 + variableByteIntegerSize(remaining) + remaining);
        packet.writeByte(PUBLISH_TYPE | (duplicate ? DUPLICATE_FLAG : 0) | qos << 1 | (delivery.retain() ? RETAIN_FLAG : 0));
        writeVariableByteInteger(packet, remaining);
        packet.writeShort(topicLength);
        ByteBufUtil.reserveAndWriteUtf8(packet, topic, topicLength);
        if (qos > 0) {
            packet.writeShort(packetId);
        }
        if (mqtt5) {
            writeVariableByteInteger(packet, propertiesLength);
            writeProperties(packet, properties);
        }
        packet.writeBytes(payload);
        return packet;
    }

    /** {@code propertiesLength} is -1 for MQTT 3.1.1, which has no property length either. */
    private static long remainingLength(int topicLength, boolean hasPacketId, long propertiesLength, int payloadLength) {
        long remaining = 2L + topicLength + (hasPacketId ? 2 : 0) + payloadLength;
        if (propertiesLength >= 0) {
            remaining += variableByteIntegerSize(propertiesLength) + propertiesLength;
        }
        return remaining;
    }

    private static int propertiesLength(MqttProperties properties) {
        if (properties.isEmpty()) {
            return 0;
        }
        int length = 0;
        for (MqttProperties.MqttProperty<?> property : properties.listAll()) {
            length += propertyLength(property);
        }
        return length;
    }

    /** Identifier and value; a list of user properties is one identifier and pair each. */
    private static int propertyLength(MqttProperties.MqttProperty<?> property) {
        return switch (MqttPropertyType.valueOf(property.propertyId())) {
            case PAYLOAD_FORMAT_INDICATOR, REQUEST_PROBLEM_INFORMATION, REQUEST_RESPONSE_INFORMATION, MAXIMUM_QOS,
                    RETAIN_AVAILABLE, WILDCARD_SUBSCRIPTION_AVAILABLE, SUBSCRIPTION_IDENTIFIER_AVAILABLE,
                    SHARED_SUBSCRIPTION_AVAILABLE -> 1 + 1;
            case SERVER_KEEP_ALIVE, RECEIVE_MAXIMUM, TOPIC_ALIAS_MAXIMUM, TOPIC_ALIAS -> 1 + 2;
            case PUBLICATION_EXPIRY_INTERVAL, SESSION_EXPIRY_INTERVAL, WILL_DELAY_INTERVAL, MAXIMUM_PACKET_SIZE -> 1 + 4;
            case SUBSCRIPTION_IDENTIFIER -> 1 + variableByteIntegerSize((Integer) property.value());
            case CORRELATION_DATA, AUTHENTICATION_DATA -> 1 + 2 + ((byte[]) property.value()).length;
            case USER_PROPERTY -> {
                int length = 0;
                for (StringPair pair : userProperties(property)) {
                    length += 1 + 2 + ByteBufUtil.utf8Bytes(pair.key) + 2 + ByteBufUtil.utf8Bytes(pair.value);
                }
                yield length;
            }
            default -> 1 + 2 + ByteBufUtil.utf8Bytes((String) property.value());
        };
    }

    private static void writeProperties(ByteBuf packet, MqttProperties properties) {
        if (properties.isEmpty()) {
            return;
        }
        for (MqttProperties.MqttProperty<?> property : properties.listAll()) {
            int id = property.propertyId(); // every identifier is below 128: one byte as a variable byte integer
            switch (MqttPropertyType.valueOf(id)) {
                case PAYLOAD_FORMAT_INDICATOR, REQUEST_PROBLEM_INFORMATION, REQUEST_RESPONSE_INFORMATION, MAXIMUM_QOS,
                        RETAIN_AVAILABLE, WILDCARD_SUBSCRIPTION_AVAILABLE, SUBSCRIPTION_IDENTIFIER_AVAILABLE,
                        SHARED_SUBSCRIPTION_AVAILABLE -> packet.writeByte(id).writeByte((Integer) property.value());
                case SERVER_KEEP_ALIVE, RECEIVE_MAXIMUM, TOPIC_ALIAS_MAXIMUM, TOPIC_ALIAS ->
                        packet.writeByte(id).writeShort((Integer) property.value());
                case PUBLICATION_EXPIRY_INTERVAL, SESSION_EXPIRY_INTERVAL, WILL_DELAY_INTERVAL, MAXIMUM_PACKET_SIZE ->
                        packet.writeByte(id).writeInt((Integer) property.value());
                case SUBSCRIPTION_IDENTIFIER -> {
                    packet.writeByte(id);
                    writeVariableByteInteger(packet, (Integer) property.value());
                }
                case CORRELATION_DATA, AUTHENTICATION_DATA -> {
                    byte[] data = (byte[]) property.value();
                    packet.writeByte(id).writeShort(data.length).writeBytes(data);
                }
                case USER_PROPERTY -> {
                    for (StringPair pair : userProperties(property)) {
                        packet.writeByte(id);
                        writeString(packet, pair.key);
                        writeString(packet, pair.value);
                    }
                }
                default -> {
                    packet.writeByte(id);
                    writeString(packet, (String) property.value());
                }
            }
        }
    }

    /** Netty lists user properties as one property holding them all; a single one is possible too. */
    @SuppressWarnings("unchecked")
    private static List<StringPair> userProperties(MqttProperties.MqttProperty<?> property) {
        return property.value() instanceof StringPair single ? List.of(single) : (List<StringPair>) property.value();
    }

    private static void writeString(ByteBuf packet, String text) {
        int length = ByteBufUtil.utf8Bytes(text);
        packet.writeShort(length);
        ByteBufUtil.reserveAndWriteUtf8(packet, text, length);
    }

    private static int variableByteIntegerSize(long value) {
        int size = 1;
        while (value > 127) {
            value >>>= 7;
            size++;
        }
        return size;
    }

    private static void writeVariableByteInteger(ByteBuf packet, int value) {
        do {
            int digit = value & 0x7F;
            value >>>= 7;
            packet.writeByte(value > 0 ? digit | 0x80 : digit);
        } while (value > 0);
    }
}
