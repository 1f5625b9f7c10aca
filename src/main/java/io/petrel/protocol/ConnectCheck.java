package io.petrel.protocol;

import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttConnectPayload;
import io.netty.handler.codec.mqtt.MqttConnectVariableHeader;
import io.netty.handler.codec.mqtt.MqttProperties.MqttPropertyType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.petrel.auth.CertificateField;
import io.petrel.auth.ConnectRequest;
import io.petrel.message.Message;
import io.petrel.message.MessageProperties;
import io.petrel.message.Qos;
import io.petrel.message.ReasonCode;
import io.petrel.routing.TopicName;
import io.petrel.session.Session;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Checks a CONNECT packet against the specification and the broker's settings, and turns it into a
 * {@link ConnectAttempt}, or into the refusal to answer with. Pure: it sends nothing.
 */
final class ConnectCheck {

    /**
     * Why a CONNECT is not accepted.
     *
     * @param withConnack answer with a CONNACK carrying the reason (else the connection just closes)
     */
    record Refusal(ReasonCode reason, String detail, boolean withConnack) {}

    /**
     * Where a CONNECT comes from.
     *
     * @param remoteAddress the client's address
     * @param listener the listener's name
     * @param certificates the client's verified certificate chain, empty without one
     * @param certificateIdentity what the listener takes from that certificate
     */
    record Origin(InetSocketAddress remoteAddress, String listener, List<X509Certificate> certificates,
            CertificateIdentity certificateIdentity) {}

    /** Either an attempt to carry on with, or a refusal. */
    record Outcome(@Nullable ConnectAttempt attempt, @Nullable Refusal refusal) {}

    private static final int DEFAULT_RECEIVE_MAXIMUM = 65535;

    private ConnectCheck() {}

    static Outcome check(MqttConnectMessage connect, ProtocolSettings settings, Origin origin) {
        MqttConnectVariableHeader header = connect.variableHeader();
        MqttConnectPayload payload = connect.payload();
        boolean mqtt5 = header.version() == 5;
        MqttProperties properties = header.properties();
        String violation = flagViolation(header);
        if (violation == null && mqtt5) {
            violation = propertyViolation(properties);
        }
        if (violation != null) {
            return refuse(ReasonCode.PROTOCOL_ERROR, violation, false);
        }
        CertificateIdentity identity = origin.certificateIdentity();
        Optional<String> certificateClientId = fromCertificate(identity.clientId(), origin);
        Optional<String> certificateUsername = fromCertificate(identity.username(), origin);
        if (certificateClientId.isEmpty() && identity.clientId() != CertificateField.NONE
                || certificateUsername.isEmpty() && identity.username() != CertificateField.NONE) {
            return refuse(ReasonCode.NOT_AUTHORIZED, "this listener takes the client's identity from its certificate, "
                    + "and the client presented none that has it", true);
        }
        String clientId = certificateClientId.orElse(payload.clientIdentifier());
        boolean assigned = clientId.isEmpty();
        if (clientId.length() > settings.maxClientIdLength()) {
            return refuse(ReasonCode.CLIENT_IDENTIFIER_NOT_VALID,
                    "client id longer than " + settings.maxClientIdLength() + " characters", true);
        }
        if (assigned) {
            if (!mqtt5 && !header.isCleanSession()) {
                return refuse(ReasonCode.CLIENT_IDENTIFIER_NOT_VALID, "an empty client id requires a clean session",
                        true); // [MQTT-3.1.3-8]
            }
            if (!settings.autoAssignClientId()) {
                return refuse(ReasonCode.CLIENT_IDENTIFIER_NOT_VALID, "a client id is required", true);
            }
            clientId = AssignedClientIds.next(); // [MQTT-3.1.3-6]
        }
        Will will = null;
        if (header.isWillFlag()) {
            Outcome willRefusal = checkWill(header, payload, settings);
            if (willRefusal != null) {
                return willRefusal;
            }
            will = will(header, payload, clientId);
        }
        ConnectRequest request = new ConnectRequest(clientId, certificateUsername.orElse(payload.userName()),
                payload.passwordInBytes(), origin.remoteAddress(), header.version(), origin.listener(),
                V5Properties.string(properties, MqttPropertyType.AUTHENTICATION_METHOD),
                V5Properties.binary(properties, MqttPropertyType.AUTHENTICATION_DATA),
                V5Properties.userProperties(properties), origin.certificates());
        long requestedExpiry = mqtt5
                ? V5Properties.unsignedInt(properties, MqttPropertyType.SESSION_EXPIRY_INTERVAL, 0)
                : header.isCleanSession() ? 0 : Session.NEVER_EXPIRES;
        int keepAlive = mqtt5 && settings.serverKeepAliveSeconds() != null
                ? settings.serverKeepAliveSeconds() : header.keepAliveTimeSeconds();
        return new Outcome(new ConnectAttempt(request, header.isCleanSession(), keepAlive, will,
                Math.min(requestedExpiry, settings.maximumSessionExpirySeconds()), requestedExpiry,
                !clientId.equals(payload.clientIdentifier()),
                V5Properties.integer(properties, MqttPropertyType.RECEIVE_MAXIMUM, DEFAULT_RECEIVE_MAXIMUM),
                V5Properties.unsignedInt(properties, MqttPropertyType.MAXIMUM_PACKET_SIZE, Long.MAX_VALUE),
                V5Properties.integer(properties, MqttPropertyType.TOPIC_ALIAS_MAXIMUM, 0),
                V5Properties.integer(properties, MqttPropertyType.REQUEST_PROBLEM_INFORMATION, 1) == 1,
                V5Properties.integer(properties, MqttPropertyType.REQUEST_RESPONSE_INFORMATION, 0) == 1), null);
    }

    private static Optional<String> fromCertificate(CertificateField field, Origin origin) {
        return origin.certificates().isEmpty() ? Optional.empty() : field.of(origin.certificates().get(0));
    }

    private static Outcome refuse(ReasonCode reason, String detail, boolean withConnack) {
        return new Outcome(null, new Refusal(reason, detail, withConnack));
    }

    /** Flag combinations CONNECT must not carry; null when they are fine. */
    private static @Nullable String flagViolation(MqttConnectVariableHeader header) {
        if (header.hasPassword() && !header.hasUserName() && header.version() == 4) {
            return "password flag without user name flag"; // [MQTT-3.1.2-22]
        }
        if (!header.isWillFlag() && (header.willQos() != 0 || header.isWillRetain())) {
            return "will QoS or will retain set without will flag"; // [MQTT-3.1.2-13], [MQTT-3.1.2-15]
        }
        if (header.willQos() > 2) {
            return "will QoS 3"; // [MQTT-3.1.2-14]
        }
        return null;
    }

    private static @Nullable String propertyViolation(MqttProperties properties) {
        if (V5Properties.integer(properties, MqttPropertyType.RECEIVE_MAXIMUM, 1) == 0) {
            return "receive maximum 0"; // a value of 0 is a protocol error (3.1.2.11.3)
        }
        if (V5Properties.unsignedInt(properties, MqttPropertyType.MAXIMUM_PACKET_SIZE, 1) == 0) {
            return "maximum packet size 0";
        }
        if (V5Properties.binary(properties, MqttPropertyType.AUTHENTICATION_DATA) != null
                && V5Properties.string(properties, MqttPropertyType.AUTHENTICATION_METHOD) == null) {
            return "authentication data without authentication method";
        }
        return null;
    }

    private static @Nullable Outcome checkWill(MqttConnectVariableHeader header, MqttConnectPayload payload,
            ProtocolSettings settings) {
        if (!TopicName.isValid(payload.willTopic())) {
            return refuse(ReasonCode.TOPIC_NAME_INVALID, "invalid will topic", header.version() == 5);
        }
        if (header.version() != 5) {
            return null;
        }
        if (header.willQos() > settings.maximumQos().value()) {
            return refuse(ReasonCode.QOS_NOT_SUPPORTED, "will QoS above the maximum QoS", true); // [MQTT-3.2.2-12]
        }
        if (header.isWillRetain() && !settings.retainAvailable()) {
            return refuse(ReasonCode.RETAIN_NOT_SUPPORTED, "retained messages are not available", true);
        }
        MessageProperties properties = V5Properties.messageProperties(payload.willProperties());
        if (properties.responseTopic() != null && !TopicName.isValid(properties.responseTopic())) {
            return refuse(ReasonCode.PROTOCOL_ERROR, "will response topic is not a valid topic name", true);
        }
        if (properties.isUtf8Payload() && !isUtf8(payload.willMessageInBytes())) {
            return refuse(ReasonCode.PAYLOAD_FORMAT_INVALID, "will payload is not UTF-8", true);
        }
        return null;
    }

    private static Will will(MqttConnectVariableHeader header, MqttConnectPayload payload, String clientId) {
        MqttProperties willProperties = payload.willProperties();
        Message message = new Message(payload.willTopic(), payload.willMessageInBytes(), Qos.of(header.willQos()),
                header.isWillRetain(), V5Properties.messageProperties(willProperties), Message.NEVER,
                clientId);
        return new Will(message, V5Properties.unsignedInt(willProperties, MqttPropertyType.WILL_DELAY_INTERVAL, 0),
                V5Properties.unsignedInt(willProperties, MqttPropertyType.PUBLICATION_EXPIRY_INTERVAL, -1));
    }

    /** Whether bytes are well-formed UTF-8 ([MQTT-1.5.4-1] rules apply to payloads marked as text). */
    static boolean isUtf8(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
