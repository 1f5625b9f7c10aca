package io.petrel.protocol;

import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttProperties.BinaryProperty;
import io.netty.handler.codec.mqtt.MqttProperties.IntegerProperty;
import io.netty.handler.codec.mqtt.MqttProperties.MqttPropertyType;
import io.netty.handler.codec.mqtt.MqttProperties.StringPair;
import io.netty.handler.codec.mqtt.MqttProperties.StringProperty;
import io.netty.handler.codec.mqtt.MqttProperties.UserProperties;
import io.petrel.message.MessageProperties;
import io.petrel.message.UserProperty;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Reads and writes Netty's MQTT 5 property lists with the types the broker uses. */
final class V5Properties {

    private V5Properties() {}

    static @Nullable Integer integer(MqttProperties properties, MqttPropertyType type) {
        MqttProperties.MqttProperty<?> property = properties.getProperty(type.value());
        return property == null ? null : (Integer) property.value();
    }

    /** An unsigned four-byte integer property (Netty keeps it in an int). */
    static long unsignedInt(MqttProperties properties, MqttPropertyType type, long absent) {
        Integer value = integer(properties, type);
        return value == null ? absent : Integer.toUnsignedLong(value);
    }

    static int integer(MqttProperties properties, MqttPropertyType type, int absent) {
        Integer value = integer(properties, type);
        return value == null ? absent : value;
    }

    static @Nullable String string(MqttProperties properties, MqttPropertyType type) {
        MqttProperties.MqttProperty<?> property = properties.getProperty(type.value());
        return property == null ? null : (String) property.value();
    }

    static byte @Nullable [] binary(MqttProperties properties, MqttPropertyType type) {
        MqttProperties.MqttProperty<?> property = properties.getProperty(type.value());
        return property == null ? null : (byte[]) property.value();
    }

    /** User properties in the order they were sent. */
    static List<UserProperty> userProperties(MqttProperties properties) {
        List<UserProperty> result = new ArrayList<>();
        for (MqttProperties.MqttProperty<?> property : properties.getProperties(MqttPropertyType.USER_PROPERTY.value())) {
            if (property instanceof MqttProperties.UserProperty single) {
                result.add(new UserProperty(single.value().key, single.value().value));
            } else if (property instanceof UserProperties many) {
                many.value().forEach(pair -> result.add(new UserProperty(pair.key, pair.value)));
            }
        }
        return result;
    }

    /** The message properties a PUBLISH or a will carries on to subscribers. */
    static MessageProperties messageProperties(MqttProperties properties) {
        if (properties.isEmpty()) {
            return MessageProperties.NONE;
        }
        return new MessageProperties(integer(properties, MqttPropertyType.PAYLOAD_FORMAT_INDICATOR),
                string(properties, MqttPropertyType.CONTENT_TYPE), string(properties, MqttPropertyType.RESPONSE_TOPIC),
                binary(properties, MqttPropertyType.CORRELATION_DATA), userProperties(properties));
    }

    static void addMessageProperties(MqttProperties target, MessageProperties message) {
        addInt(target, MqttPropertyType.PAYLOAD_FORMAT_INDICATOR, message.payloadFormatIndicator());
        addString(target, MqttPropertyType.CONTENT_TYPE, message.contentType());
        addString(target, MqttPropertyType.RESPONSE_TOPIC, message.responseTopic());
        if (message.correlationData() != null) {
            target.add(new BinaryProperty(MqttPropertyType.CORRELATION_DATA.value(), message.correlationData()));
        }
        if (!message.userProperties().isEmpty()) {
            List<StringPair> pairs = new ArrayList<>(message.userProperties().size());
            message.userProperties().forEach(user -> pairs.add(new StringPair(user.name(), user.value())));
            target.add(new UserProperties(pairs));
        }
    }

    static void addInt(MqttProperties target, MqttPropertyType type, @Nullable Integer value) {
        if (value != null) {
            target.add(new IntegerProperty(type.value(), value));
        }
    }

    static void addString(MqttProperties target, MqttPropertyType type, @Nullable String value) {
        if (value != null) {
            target.add(new StringProperty(type.value(), value));
        }
    }
}
