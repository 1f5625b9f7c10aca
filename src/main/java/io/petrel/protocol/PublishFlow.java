package io.petrel.protocol;

import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.petrel.auth.AuthorizationResult;
import io.petrel.auth.ClientInfo;
import io.petrel.message.Message;
import io.petrel.message.Qos;
import io.petrel.message.ReasonCode;
import io.petrel.routing.TopicName;
import io.petrel.session.Session;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PUBLISH in both directions: inbound messages are checked, authorized and published, with the QoS 1
 * and 2 acknowledgements; the client's acknowledgements of outbound messages go to its session.
 * Stateless; one per broker.
 */
final class PublishFlow {

    private static final Logger log = LoggerFactory.getLogger(PublishFlow.class);

    private final Broker broker;

    PublishFlow(Broker broker) {
        this.broker = broker;
    }

    void onPublish(MqttConnection connection, MqttPublishMessage publish) {
        Message message;
        int packetId = publish.variableHeader().packetId();
        try {
            message = Packets.toMessage(publish);
        } finally {
            publish.release();
        }
        if (!TopicName.isValid(message.topic())) {
            Disconnector.close(connection, ReasonCode.TOPIC_NAME_INVALID, "invalid topic name in PUBLISH");
            return;
        }
        if (message.qos().compareTo(broker.settings().maximumQos()) > 0) {
            Disconnector.close(connection, ReasonCode.QOS_NOT_SUPPORTED,
                    "PUBLISH at QoS " + message.qos().value() + " above mqtt.maximum-qos");
            return;
        }
        ClientInfo client = connection.client;
        if (client == null) {
            return;
        }
        connection.continueWith(
                Stages.call(() -> broker.authorizer().authorizePublish(client, message.topic(), message.qos(),
                        message.retain())),
                (result, failure) -> authorized(connection, message, packetId, result, failure));
    }

    private void authorized(MqttConnection connection, Message message, int packetId,
            @Nullable AuthorizationResult result, @Nullable Throwable failure) {
        if (failure != null) {
            log.warn("Authorizer failed for client {} publishing to {}; denying it", connection.clientId(),
                    message.topic(), failure);
        }
        if (result == null || !result.allowed()) {
            // MQTT 3.1.1 cannot refuse a PUBLISH in an acknowledgement: close instead [MQTT-3.3.5-2]
            Disconnector.close(connection, ReasonCode.NOT_AUTHORIZED, "not authorized to publish to " + message.topic());
            return;
        }
        Session session = connection.session;
        switch (message.qos()) {
            case AT_MOST_ONCE -> broker.publisher().publish(message);
            case AT_LEAST_ONCE -> {
                broker.publisher().publish(message);
                connection.writeAndFlush(Packets.ack(MqttMessageType.PUBACK, packetId));
            }
            case EXACTLY_ONCE -> {
                // [MQTT-4.3.3-2] a resend before PUBREL is acknowledged again but not routed again
                if (session != null && session.receiveQos2(packetId)) {
                    broker.publisher().publish(message);
                }
                connection.writeAndFlush(Packets.ack(MqttMessageType.PUBREC, packetId));
            }
        }
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
            case PUBREC -> {
                if (session.onPubrec(packetId)) {
                    connection.writeAndFlush(Packets.ack(MqttMessageType.PUBREL, packetId));
                }
            }
            case PUBCOMP -> session.onPubcomp(packetId);
            case PUBREL -> {
                session.releaseQos2(packetId);
                connection.writeAndFlush(Packets.ack(MqttMessageType.PUBCOMP, packetId)); // [MQTT-4.3.3-11]
            }
            default -> throw new IllegalArgumentException("not an acknowledgement: " + ack.fixedHeader());
        }
    }
}
