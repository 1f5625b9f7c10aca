package io.petrel.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.petrel.routing.Delivery;

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
                mqtt5 ? PropertyEncoding.length(properties) : -1, payloadLength);
        return 1 + PropertyEncoding.variableByteIntegerSize(remaining) + remaining;
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
        int propertiesLength = mqtt5 ? PropertyEncoding.length(properties) : -1;
        int remaining = (int) remainingLength(topicLength, qos > 0, propertiesLength, payload.length);
        ByteBuf packet = allocator.ioBuffer(1 + PropertyEncoding.variableByteIntegerSize(remaining) + remaining);
        packet.writeByte(PUBLISH_TYPE | (duplicate ? DUPLICATE_FLAG : 0) | qos << 1 | (delivery.retain() ? RETAIN_FLAG : 0));
        PropertyEncoding.writeVariableByteInteger(packet, remaining);
        packet.writeShort(topicLength);
        ByteBufUtil.reserveAndWriteUtf8(packet, topic, topicLength);
        if (qos > 0) {
            packet.writeShort(packetId);
        }
        if (mqtt5) {
            PropertyEncoding.write(packet, properties, propertiesLength);
        }
        packet.writeBytes(payload);
        return packet;
    }

    /** {@code propertiesLength} is -1 for MQTT 3.1.1, which has no property length either. */
    private static long remainingLength(int topicLength, boolean hasPacketId, long propertiesLength, int payloadLength) {
        long remaining = 2L + topicLength + (hasPacketId ? 2 : 0) + payloadLength;
        if (propertiesLength >= 0) {
            remaining += PropertyEncoding.variableByteIntegerSize(propertiesLength) + propertiesLength;
        }
        return remaining;
    }
}
