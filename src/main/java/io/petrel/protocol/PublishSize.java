package io.petrel.protocol;

import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttProperties.MqttPropertyType;
import java.nio.charset.StandardCharsets;

/**
 * The size of a PUBLISH packet on the wire, computed without encoding it, so that a message too large for
 * the client's maximum packet size is dropped before it takes a packet identifier.
 */
final class PublishSize {

    private PublishSize() {}

    static long of(String topic, boolean hasPacketId, MqttProperties properties, boolean mqtt5, int payloadLength) {
        long remaining = 2L + utf8Length(topic) + (hasPacketId ? 2 : 0) + payloadLength;
        if (mqtt5) {
            long propertiesLength = propertiesLength(properties);
            remaining += variableByteIntegerSize(propertiesLength) + propertiesLength;
        }
        return 1 + variableByteIntegerSize(remaining) + remaining;
    }

    private static long propertiesLength(MqttProperties properties) {
        long length = 0;
        for (MqttProperties.MqttProperty<?> property : properties.listAll()) {
            length += 1 + valueLength(property); // property identifier, then the value
        }
        return length;
    }

    private static long valueLength(MqttProperties.MqttProperty<?> property) {
        MqttPropertyType type = MqttPropertyType.valueOf(property.propertyId());
        return switch (type) {
            case PAYLOAD_FORMAT_INDICATOR, REQUEST_PROBLEM_INFORMATION, REQUEST_RESPONSE_INFORMATION, MAXIMUM_QOS,
                    RETAIN_AVAILABLE, WILDCARD_SUBSCRIPTION_AVAILABLE, SUBSCRIPTION_IDENTIFIER_AVAILABLE,
                    SHARED_SUBSCRIPTION_AVAILABLE -> 1;
            case SERVER_KEEP_ALIVE, RECEIVE_MAXIMUM, TOPIC_ALIAS_MAXIMUM, TOPIC_ALIAS -> 2;
            case PUBLICATION_EXPIRY_INTERVAL, SESSION_EXPIRY_INTERVAL, WILL_DELAY_INTERVAL, MAXIMUM_PACKET_SIZE -> 4;
            case SUBSCRIPTION_IDENTIFIER -> variableByteIntegerSize((Integer) property.value());
            case CORRELATION_DATA, AUTHENTICATION_DATA -> 2 + ((byte[]) property.value()).length;
            case USER_PROPERTY -> {
                MqttProperties.StringPair pair = (MqttProperties.StringPair) property.value();
                yield 4 + utf8Length(pair.key) + utf8Length(pair.value);
            }
            default -> 2 + utf8Length((String) property.value());
        };
    }

    private static int utf8Length(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }

    static int variableByteIntegerSize(long value) {
        int size = 1;
        while (value > 127) {
            value >>>= 7;
            size++;
        }
        return size;
    }
}
