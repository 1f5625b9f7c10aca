package io.petrel.protocol;

import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.petrel.auth.ClientInfo;
import io.petrel.event.ClientConnected;
import io.petrel.event.ClientDisconnected;
import io.petrel.event.ConnectionRefused;
import io.petrel.event.EventSink;
import io.petrel.event.EventType;
import io.petrel.message.ReasonCode;
import java.time.Instant;

/** The connection lifecycle events of one connection; each is built only when someone listens to its type. */
final class ConnectionEvents {

    private ConnectionEvents() {}

    /** Remembers what a CONNECT asked for, in case it is refused. */
    static void connectReceived(MqttConnection connection, MqttConnectMessage connect) {
        if (connection.events().wants(EventType.CONNECTION_REFUSED)) {
            connection.requestedClientId = connect.payload().clientIdentifier();
            connection.requestedUsername = connect.payload().userName();
        }
    }

    static void connected(MqttConnection connection, ConnectAttempt attempt, boolean sessionPresent) {
        EventSink events = connection.events();
        if (events.wants(EventType.CLIENT_CONNECTED)) {
            events.publish(new ClientConnected(attempt.client(), attempt.keepAliveSeconds(), attempt.cleanStart(),
                    sessionPresent, Instant.now()));
        }
    }

    static void refused(MqttConnection connection, ReasonCode reason, String detail) {
        EventSink events = connection.events();
        if (events.wants(EventType.CONNECTION_REFUSED)) {
            events.publish(new ConnectionRefused(connection.requestedClientId, connection.requestedUsername,
                    connection.remoteAddress(), connection.listener(), connection.protocolVersion, reason, detail,
                    Instant.now()));
        }
    }

    /** The channel closed; only a connection whose CONNECT was accepted has a disconnected event. */
    static void disconnected(MqttConnection connection) {
        EventSink events = connection.events();
        ClientInfo client = connection.client;
        if (client != null && events.wants(EventType.CLIENT_DISCONNECTED)) {
            ReasonCode code = connection.closeReasonCode == null ? ReasonCode.UNSPECIFIED_ERROR
                    : connection.closeReasonCode;
            String reason = connection.closeReason == null ? "connection closed by the client" : connection.closeReason;
            events.publish(new ClientDisconnected(client, code, reason, Instant.now()));
        }
    }
}
