package io.petrel.protocol;

import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttProperties.BinaryProperty;
import io.netty.handler.codec.mqtt.MqttProperties.IntegerProperty;
import io.netty.handler.codec.mqtt.MqttProperties.MqttPropertyType;
import io.petrel.message.Qos;
import org.jspecify.annotations.Nullable;

/** The properties of an MQTT 5 CONNACK: what the broker granted and what it is capable of. */
final class ConnAckProperties {

    private ConnAckProperties() {}

    static MqttProperties of(ConnectAttempt attempt, ProtocolSettings settings, byte @Nullable [] authData) {
        MqttProperties properties = new MqttProperties();
        if (attempt.sessionExpirySeconds() != attempt.requestedSessionExpirySeconds()) {
            addInt(properties, MqttPropertyType.SESSION_EXPIRY_INTERVAL, (int) attempt.sessionExpirySeconds());
        }
        if (settings.receiveMaximum() != 65535) {
            addInt(properties, MqttPropertyType.RECEIVE_MAXIMUM, settings.receiveMaximum());
        }
        if (settings.maximumQos() != Qos.EXACTLY_ONCE) {
            addInt(properties, MqttPropertyType.MAXIMUM_QOS, settings.maximumQos().value());
        }
        addFlagWhenOff(properties, MqttPropertyType.RETAIN_AVAILABLE, settings.retainAvailable());
        addInt(properties, MqttPropertyType.MAXIMUM_PACKET_SIZE, settings.maximumPacketSize());
        if (attempt.clientIdAssigned()) {
            V5Properties.addString(properties, MqttPropertyType.ASSIGNED_CLIENT_IDENTIFIER, attempt.request().clientId());
        }
        if (settings.topicAliasMaximum() > 0) {
            addInt(properties, MqttPropertyType.TOPIC_ALIAS_MAXIMUM, settings.topicAliasMaximum());
        }
        addFlagWhenOff(properties, MqttPropertyType.WILDCARD_SUBSCRIPTION_AVAILABLE,
                settings.wildcardSubscriptionAvailable());
        addFlagWhenOff(properties, MqttPropertyType.SUBSCRIPTION_IDENTIFIER_AVAILABLE,
                settings.subscriptionIdentifierAvailable());
        addFlagWhenOff(properties, MqttPropertyType.SHARED_SUBSCRIPTION_AVAILABLE,
                settings.sharedSubscriptionAvailable());
        if (settings.serverKeepAliveSeconds() != null) {
            addInt(properties, MqttPropertyType.SERVER_KEEP_ALIVE, settings.serverKeepAliveSeconds());
        }
        if (attempt.responseInformationRequested() && settings.responseInformation() != null) {
            V5Properties.addString(properties, MqttPropertyType.RESPONSE_INFORMATION,
                    settings.responseInformation().replace("%c", attempt.request().clientId()));
        }
        V5Properties.addString(properties, MqttPropertyType.AUTHENTICATION_METHOD,
                attempt.request().authenticationMethod());
        if (authData != null) {
            properties.add(new BinaryProperty(MqttPropertyType.AUTHENTICATION_DATA.value(), authData));
        }
        return properties;
    }

    private static void addInt(MqttProperties properties, MqttPropertyType type, int value) {
        properties.add(new IntegerProperty(type.value(), value));
    }

    /** Capabilities default to available; only a missing one is announced [MQTT-3.2.2.3]. */
    private static void addFlagWhenOff(MqttProperties properties, MqttPropertyType type, boolean available) {
        if (!available) {
            addInt(properties, type, 0);
        }
    }
}
