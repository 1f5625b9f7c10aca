package io.petrel.protocol;

import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttProperties.MqttPropertyType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttPublishVariableHeader;
import io.petrel.auth.AuthorizationResult;
import io.petrel.auth.ClientInfo;
import io.petrel.event.EventType;
import io.petrel.event.PublishRefused;
import io.petrel.intercept.InterceptResult;
import io.petrel.message.Message;
import io.petrel.message.Qos;
import io.petrel.message.ReasonCode;
import io.petrel.routing.TopicName;
import io.petrel.session.Session;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PUBLISH in both directions: inbound messages are checked (topic and alias, QoS, retain, payload format,
 * receive maximum), authorized and published, with the QoS 1 and 2 acknowledgements and their MQTT 5
 * reason codes; the client's acknowledgements of outbound messages go to its session. Stateless; one per
 * broker.
 */
final class PublishFlow {

    private static final Logger log = LoggerFactory.getLogger(PublishFlow.class);

    /** Bytes of a PUBACK / PUBREC with a reason code and no properties: header, length, id, reason, property length. */
    private static final int ACK_SIZE = 6;

    private final Broker broker;

    PublishFlow(Broker broker) {
        this.broker = broker;
    }

    void onPublish(MqttConnection connection, MqttPublishMessage publish) {
        Message message;
        try {
            String topic = resolveTopic(connection, publish.variableHeader());
            if (topic == null || violatesLimits(connection, publish)) {
                return;
            }
            ClientInfo client = connection.client;
            message = Packets.toMessage(publish, topic, client == null ? "" : client.clientId(),
                    System.currentTimeMillis());
            connection.metrics().received(message.qos(), message.payload().length);
        } finally {
            publish.release();
        }
        int packetId = publish.variableHeader().packetId();
        if (message.properties().isUtf8Payload() && !ConnectCheck.isUtf8(message.payload())) {
            refuse(connection, message.qos(), packetId, ReasonCode.PAYLOAD_FORMAT_INVALID, "payload is not UTF-8");
            return;
        }
        Session session = connection.session;
        if (message.qos() == Qos.EXACTLY_ONCE && session != null && !receiveQos2(connection, session, publish, packetId)) {
            return;
        }
        ClientInfo client = connection.client;
        if (client == null) {
            return;
        }
        connection.continueWith(
                Stages.call(() -> broker.authorizer().authorizePublish(client, message.topic(), message.qos(),
                        message.retain()), broker.settings().hookTimeout(),
                        connection.ctx().executor()),
                (result, failure) -> authorized(connection, client, message, packetId, result, failure));
    }

    /** The topic name, after resolving an MQTT 5 topic alias; null when the connection was closed instead. */
    private @Nullable String resolveTopic(MqttConnection connection, MqttPublishVariableHeader header) {
        String topic = header.topicName();
        MqttProperties properties = header.properties();
        Integer alias = V5Properties.integer(properties, MqttPropertyType.TOPIC_ALIAS);
        if (alias != null) {
            topic = connection.topicAliases.resolve(topic, alias);
            if (topic == null) {
                Disconnector.close(connection, ReasonCode.TOPIC_ALIAS_INVALID, "topic alias " + alias
                        + " is out of range or unknown"); // [MQTT-3.3.2-8], [MQTT-3.3.2-9]
                return null;
            }
        }
        if (V5Properties.integer(properties, MqttPropertyType.SUBSCRIPTION_IDENTIFIER) != null) {
            Disconnector.close(connection, ReasonCode.PROTOCOL_ERROR, "subscription identifier in PUBLISH");
            return null;
        }
        String responseTopic = V5Properties.string(properties, MqttPropertyType.RESPONSE_TOPIC);
        if (responseTopic != null && !TopicName.isValid(responseTopic)) {
            Disconnector.close(connection, ReasonCode.PROTOCOL_ERROR, "response topic is not a valid topic name"); // [MQTT-3.3.2-14]
            return null;
        }
        if (!TopicName.isValid(topic)) {
            Disconnector.close(connection, ReasonCode.TOPIC_NAME_INVALID, "invalid topic name in PUBLISH");
            return null;
        }
        return topic;
    }

    private boolean violatesLimits(MqttConnection connection, MqttPublishMessage publish) {
        int qos = publish.fixedHeader().qosLevel().value();
        if (qos > broker.settings().maximumQos().value()) {
            Disconnector.close(connection, ReasonCode.QOS_NOT_SUPPORTED,
                    "PUBLISH at QoS " + qos + " above mqtt.maximum-qos"); // [MQTT-3.2.2-11]
            return true;
        }
        if (publish.fixedHeader().isRetain() && !broker.settings().retainAvailable()) {
            Disconnector.close(connection, ReasonCode.RETAIN_NOT_SUPPORTED, "retained messages are not available");
            return true;
        }
        return false;
    }

    /**
     * Admits an inbound QoS 2 message within the receive maximum; a resend of one already received is
     * acknowledged again but not routed again [MQTT-4.3.3-2]. Returns whether to go on with it.
     */
    private boolean receiveQos2(MqttConnection connection, Session session, MqttPublishMessage publish, int packetId) {
        if (session.isAwaitingRelease(packetId)) {
            ReasonCode reason = publish.fixedHeader().isDup() || !connection.isMqtt5()
                    ? ReasonCode.SUCCESS : ReasonCode.PACKET_IDENTIFIER_IN_USE;
            sendAck(connection, MqttMessageType.PUBREC, packetId, reason, null);
            return false;
        }
        if (session.awaitingReleaseCount() >= broker.settings().receiveMaximum()) {
            Disconnector.close(connection, ReasonCode.RECEIVE_MAXIMUM_EXCEEDED,
                    "more unacknowledged QoS 2 messages than the receive maximum"); // [MQTT-3.3.4-9]
            return false;
        }
        session.receiveQos2(packetId);
        return true;
    }

    private void authorized(MqttConnection connection, ClientInfo client, Message message, int packetId,
            @Nullable AuthorizationResult result, @Nullable Throwable failure) {
        if (failure != null) {
            HookWarnings.failed(log, "Authorizer", client.clientId(), "publishing to " + message.topic(),
                    "refusing it", failure);
        }
        if (result == null || !result.allowed()) {
            ReasonCode reason = result == null ? ReasonCode.NOT_AUTHORIZED : result.reasonCode();
            String detail = result != null && result.reasonString() != null ? result.reasonString()
                    : "not authorized to publish to " + message.topic();
            publishRefused(client, message, reason);
            releaseQos2(connection, message.qos(), packetId);
            refuse(connection, message.qos(), packetId, reason, detail);
        } else if (broker.interceptors().isEmpty()) {
            publish(connection, message, message.qos(), packetId);
        } else {
            connection.continueWith(Stages.call(() -> broker.interceptors().inbound(client, message),
                    broker.settings().hookTimeout(), connection.ctx().executor()),
                    (intercepted, interceptFailure) -> intercepted(connection, client, message, packetId, intercepted,
                            interceptFailure));
        }
    }

    /**
     * Goes on with what the inbound interceptors made of a message. A failed chain, or a topic rewritten into
     * an invalid topic name, drops the message (fail closed). A drop is acknowledged with its reason code for
     * MQTT 5; an MQTT 3.1.1 publisher gets its usual acknowledgement, as it has no way to learn of a refusal
     * but a closed connection, and a policy drop is no reason to close it.
     */
    private void intercepted(MqttConnection connection, ClientInfo client, Message received, int packetId,
            @Nullable InterceptResult result, @Nullable Throwable failure) {
        Message passed = result == null ? null : result.message();
        ReasonCode reason = result == null ? ReasonCode.IMPLEMENTATION_SPECIFIC_ERROR : result.reasonCode();
        String detail = result == null || result.reasonString() == null ? "dropped by a publish interceptor"
                : result.reasonString();
        if (failure != null) {
            HookWarnings.failed(log, "PublishInterceptor", client.clientId(), "publishing to " + received.topic(),
                    "dropping the message", failure);
        } else if (passed != null && !passed.topic().equals(received.topic()) && !TopicName.isValid(passed.topic())) {
            log.warn("A PublishInterceptor rewrote the topic of client {} from {} to the invalid topic name '{}'; "
                    + "dropping the message", client.clientId(), received.topic(), passed.topic());
            passed = null;
            reason = ReasonCode.TOPIC_NAME_INVALID;
        }
        if (passed != null) {
            publish(connection, passed, received.qos(), packetId);
            return;
        }
        publishRefused(client, received, reason);
        if (connection.isMqtt5()) {
            releaseQos2(connection, received.qos(), packetId);
            refuse(connection, received.qos(), packetId, reason, detail);
        } else {
            acknowledge(connection, received.qos(), packetId, ReasonCode.SUCCESS);
        }
    }

    /** Retains and routes a message, then acknowledges the PUBLISH, which came at {@code receivedQos}. */
    private void publish(MqttConnection connection, Message message, Qos receivedQos, int packetId) {
        int matched = broker.publisher().publish(message);
        acknowledge(connection, receivedQos, packetId,
                matched == 0 ? ReasonCode.NO_MATCHING_SUBSCRIBERS : ReasonCode.SUCCESS);
    }

    private void acknowledge(MqttConnection connection, Qos receivedQos, int packetId, ReasonCode reason) {
        switch (receivedQos) {
            case AT_MOST_ONCE -> { }
            case AT_LEAST_ONCE -> sendAck(connection, MqttMessageType.PUBACK, packetId, reason, null);
            case EXACTLY_ONCE -> sendAck(connection, MqttMessageType.PUBREC, packetId, reason, null);
        }
    }

    /** A refused QoS 2 message was not routed: its packet id is free again. */
    private static void releaseQos2(MqttConnection connection, Qos qos, int packetId) {
        if (qos == Qos.EXACTLY_ONCE && connection.session != null) {
            connection.session.releaseQos2(packetId);
        }
    }

    private void publishRefused(ClientInfo client, Message message, ReasonCode reason) {
        if (broker.events().wants(EventType.PUBLISH_REFUSED)) {
            broker.events().publish(new PublishRefused(client, message.topic(), message.qos(), reason));
        }
    }

    /**
     * Refuses an inbound message. MQTT 5 says why in the PUBACK or PUBREC (a QoS 0 message is dropped);
     * MQTT 3.1.1 cannot refuse a PUBLISH in an acknowledgement, so the connection closes [MQTT-3.3.5-2].
     */
    private void refuse(MqttConnection connection, Qos qos, int packetId, ReasonCode reason, String detail) {
        if (!connection.isMqtt5()) {
            Disconnector.close(connection, reason, detail);
        } else if (qos == Qos.AT_MOST_ONCE) {
            log.debug("Dropped a QoS 0 message of client {}: {}", connection.clientId(), detail);
        } else {
            MqttMessageType type = qos == Qos.AT_LEAST_ONCE ? MqttMessageType.PUBACK : MqttMessageType.PUBREC;
            sendAck(connection, type, packetId, reason, detail);
        }
    }

    private void sendAck(MqttConnection connection, MqttMessageType type, int packetId, ReasonCode reason,
            @Nullable String detail) {
        MqttProperties properties = Packets.reasonString(detail == null ? null : connection.reasonString(detail, ACK_SIZE));
        connection.writeAck(type, packetId, reason, properties);
        connection.flush();
    }

    /** PUBACK, PUBREC, PUBREL or PUBCOMP from the client. */
    void onAcknowledgement(MqttConnection connection, MqttMessage ack) {
        Session session = connection.session;
        int packetId = Packets.packetId(ack);
        if (session == null) {
            return;
        }
        switch (ack.fixedHeader().messageType()) {
            case PUBACK -> session.onPuback(packetId);
            case PUBREC -> onPubrec(connection, session, packetId, Packets.reasonCode(ack));
            case PUBCOMP -> session.onPubcomp(packetId);
            case PUBREL -> {
                boolean known = session.isAwaitingRelease(packetId);
                session.releaseQos2(packetId);
                // [MQTT-4.3.3-11] PUBREL is always answered
                sendAck(connection, MqttMessageType.PUBCOMP, packetId,
                        known ? ReasonCode.SUCCESS : ReasonCode.PACKET_IDENTIFIER_NOT_FOUND, null);
            }
            default -> throw new IllegalArgumentException("not an acknowledgement: " + ack.fixedHeader());
        }
    }

    private void onPubrec(MqttConnection connection, Session session, int packetId, int reasonCode) {
        if (reasonCode >= 0x80) {
            session.onPubrecRefused(packetId); // the client refused the message: no PUBREL follows [MQTT-4.3.3-4]
        } else if (session.onPubrec(packetId)) {
            sendAck(connection, MqttMessageType.PUBREL, packetId, ReasonCode.SUCCESS, null);
        } else if (connection.isMqtt5()) {
            sendAck(connection, MqttMessageType.PUBREL, packetId, ReasonCode.PACKET_IDENTIFIER_NOT_FOUND, null);
        }
    }
}
