package io.petrel.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttProperties.MqttPropertyType;
import io.netty.handler.codec.mqtt.MqttProperties.StringPair;
import java.util.List;

/**
 * MQTT 5 property lists and variable byte integers [MQTT-1.5.5, 2.2.2] as the packets the broker encodes
 * itself ({@link PublishPacket}, {@link AckPacket}) write them: the length first, computed without encoding,
 * so that a packet's buffer is allocated once at its exact size.
 */
final class PropertyEncoding {

    private PropertyEncoding() {}

    /** The properties' length in bytes, not counting the property length in front of them. */
    static int length(MqttProperties properties) {
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

    /** Writes the property length, then the properties; {@code length} is what {@link #length} gave. */
    static void write(ByteBuf packet, MqttProperties properties, int length) {
        writeVariableByteInteger(packet, length);
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

    static int variableByteIntegerSize(long value) {
        int size = 1;
        while (value > 127) {
            value >>>= 7;
            size++;
        }
        return size;
    }

    static void writeVariableByteInteger(ByteBuf packet, int value) {
        do {
            int digit = value & 0x7F;
            value >>>= 7;
            packet.writeByte(value > 0 ? digit | 0x80 : digit);
        } while (value > 0);
    }
}
