package io.petrel.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.petrel.message.ReasonCode;

/**
 * PUBACK, PUBREC, PUBREL and PUBCOMP as the broker sends them, encoded straight into a buffer of their exact
 * size. Netty's generic encoder took two NIO views to copy even an empty property list into each one, for
 * the acknowledgement of every QoS 1 and 2 message (bench/RESULTS.md).
 */
final class AckPacket {

    /** PUBREL has the fixed-header flags 0010 [MQTT-3.6.1-1]; the others 0000. */
    private static final int PUBREL_FLAGS = 0x02;

    private AckPacket() {}

    /**
     * An acknowledgement of {@code packetId}. MQTT 5 adds the reason code and properties, each left out when
     * it is 0x00 or empty [MQTT-3.4.2.1]; MQTT 3.1 and 3.1.1 have neither.
     */
    static ByteBuf encode(ByteBufAllocator allocator, MqttMessageType type, int packetId, ReasonCode reasonCode,
            MqttProperties properties, boolean mqtt5) {
        boolean withProperties = mqtt5 && !properties.isEmpty();
        boolean withReasonCode = withProperties || mqtt5 && reasonCode.value() != 0;
        int propertiesLength = withProperties ? PropertyEncoding.length(properties) : 0;
        int remaining = 2 + (withReasonCode ? 1 : 0)
                + (withProperties ? PropertyEncoding.variableByteIntegerSize(propertiesLength) + propertiesLength : 0);
        ByteBuf packet = allocator.ioBuffer(1 + PropertyEncoding.variableByteIntegerSize(remaining) + remaining);
        packet.writeByte(type.value() << 4 | (type == MqttMessageType.PUBREL ? PUBREL_FLAGS : 0));
        PropertyEncoding.writeVariableByteInteger(packet, remaining);
        packet.writeShort(packetId);
        if (withReasonCode) {
            packet.writeByte(reasonCode.value());
        }
        if (withProperties) {
            PropertyEncoding.write(packet, properties, propertiesLength);
        }
        return packet;
    }
}
