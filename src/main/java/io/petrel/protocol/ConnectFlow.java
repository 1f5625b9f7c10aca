package io.petrel.protocol;

import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttConnectPayload;
import io.netty.handler.codec.mqtt.MqttConnectVariableHeader;
import io.petrel.auth.AuthenticationResult;
import io.petrel.auth.ClientInfo;
import io.petrel.auth.ConnectRequest;
import io.petrel.message.Message;
import io.petrel.message.Qos;
import io.petrel.message.ReasonCode;
import io.petrel.routing.TopicName;
import io.petrel.session.SessionRegistry;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CONNECT to CONNACK: checks the packet, authenticates off the event loop, opens or takes over the
 * session, answers, starts keep-alive and resends what the session held. Stateless; one per broker.
 */
final class ConnectFlow {

    private static final Logger log = LoggerFactory.getLogger(ConnectFlow.class);

    private final Broker broker;

    ConnectFlow(Broker broker) {
        this.broker = broker;
    }

    void onConnect(MqttConnection connection, MqttConnectMessage connect) {
        MqttConnectVariableHeader header = connect.variableHeader();
        MqttConnectPayload payload = connect.payload();
        connection.protocolVersion = header.version();
        if (!broker.settings().protocolVersions().contains(header.version())) {
            Disconnector.refuseProtocolLevel(connection,
                    "protocol level " + header.version() + " is not enabled (mqtt.protocol-versions)");
            return;
        }
        String violation = flagViolation(header);
        if (violation != null) {
            Disconnector.close(connection, ReasonCode.PROTOCOL_ERROR, violation);
            return;
        }
        String clientId = payload.clientIdentifier();
        if (clientId.length() > broker.settings().maxClientIdLength()) {
            Disconnector.refuse(connection, ReasonCode.CLIENT_IDENTIFIER_NOT_VALID, "client id longer than "
                    + broker.settings().maxClientIdLength() + " characters (mqtt.max-client-id-length)");
            return;
        }
        if (clientId.isEmpty()) {
            if (!header.isCleanSession()) {
                Disconnector.refuse(connection, ReasonCode.CLIENT_IDENTIFIER_NOT_VALID,
                        "an empty client id requires a clean session"); // [MQTT-3.1.3-8]
                return;
            }
            clientId = "petrel-" + UUID.randomUUID(); // [MQTT-3.1.3-6]
        }
        Message will = null;
        if (header.isWillFlag()) {
            if (!TopicName.isValid(payload.willTopic())) {
                Disconnector.close(connection, ReasonCode.TOPIC_NAME_INVALID, "invalid will topic");
                return;
            }
            will = new Message(payload.willTopic(), payload.willMessageInBytes(), Qos.of(header.willQos()),
                    header.isWillRetain());
        }
        ConnectRequest request = new ConnectRequest(clientId, payload.userName(), payload.passwordInBytes(),
                connection.remoteAddress(), header.version(), connection.listener());
        authenticate(connection, new Attempt(request, header.isCleanSession(), header.keepAliveTimeSeconds(), will));
    }

    /**
     * A CONNECT on its way through authentication and session opening. Nothing of it lands on the
     * connection before the CONNACK is sent: a connection that closes earlier leaves no will behind.
     */
    private record Attempt(ConnectRequest request, boolean cleanSession, int keepAliveSeconds, @Nullable Message will) {

        ClientInfo client() {
            return new ClientInfo(request.clientId(), request.username(), request.remoteAddress(),
                    request.protocolVersion(), request.listener());
        }
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

    private void authenticate(MqttConnection connection, Attempt attempt) {
        ConnectRequest request = attempt.request();
        CompletableFuture<AuthenticationResult> result;
        try {
            result = CompletableFuture.supplyAsync(() -> broker.authenticator().authenticate(request),
                    broker.authExecutor());
        } catch (RejectedExecutionException e) {
            Disconnector.refuse(connection, ReasonCode.SERVER_BUSY, "authentication queue is full");
            return;
        }
        connection.continueWith(result, (outcome, failure) -> {
            if (!connection.ctx().channel().isActive()) {
                return;
            }
            if (failure != null || outcome == null) {
                log.warn("Authenticator failed for client {} from {}; refusing it", request.clientId(),
                        request.remoteAddress(), failure);
                Disconnector.refuse(connection, ReasonCode.NOT_AUTHORIZED, "authenticator failed");
            } else if (!outcome.accepted()) {
                Disconnector.refuse(connection, outcome.reasonCode(),
                        outcome.reasonString() == null ? "refused by the authenticator" : outcome.reasonString());
            } else {
                authorizeWill(connection, attempt);
            }
        });
    }

    /** A will is a publish like any other: the client must be allowed to publish it [MQTT-3.1.2.5]. */
    private void authorizeWill(MqttConnection connection, Attempt attempt) {
        Message will = attempt.will();
        if (will == null) {
            openSession(connection, attempt);
            return;
        }
        connection.continueWith(
                Stages.call(() -> broker.authorizer().authorizePublish(attempt.client(), will.topic(), will.qos(),
                        will.retain())),
                (result, failure) -> {
                    if (!connection.ctx().channel().isActive()) {
                        return;
                    }
                    if (failure != null) {
                        log.warn("Authorizer failed for the will of client {}; refusing it", attempt.request().clientId(),
                                failure);
                    }
                    if (result == null || !result.allowed()) {
                        Disconnector.refuse(connection, ReasonCode.NOT_AUTHORIZED,
                                "not authorized to publish the will to " + will.topic());
                    } else {
                        openSession(connection, attempt);
                    }
                });
    }

    private void openSession(MqttConnection connection, Attempt attempt) {
        boolean cleanSession = attempt.cleanSession();
        CompletableFuture<SessionRegistry.Opened> opened = new CompletableFuture<>();
        broker.sessions().open(new SessionRegistry.OpenRequest(attempt.request().clientId(), cleanSession,
                !cleanSession, connection), opened::complete);
        connection.continueWith(opened, (result, failure) -> accept(connection, result, attempt));
    }

    private void accept(MqttConnection connection, SessionRegistry.@Nullable Opened opened, Attempt attempt) {
        if (opened == null) {
            return;
        }
        if (!connection.ctx().channel().isActive()) {
            // The client left while its session was being opened: release the session as a disconnect would.
            broker.sessions().disconnect(opened.session(), connection);
            return;
        }
        if (!opened.session().isClaimedBy(connection)) {
            Disconnector.close(connection, ReasonCode.SESSION_TAKEN_OVER, "a newer connection took the session");
            return;
        }
        connection.client = attempt.client();
        connection.will = attempt.will();
        connection.session = opened.session();
        // MQTT 3.1 has no session-present flag [MQTT-3.2.2-1, 3.2.2-2]
        boolean present = opened.present() && connection.protocolVersion >= 4;
        connection.write(Packets.connAck(ReasonCode.SUCCESS, present));
        KeepAlive.start(connection.ctx(), attempt.keepAliveSeconds());
        opened.session().attach(connection, broker.inflightCapacity());
        log.info("Client {} connected from {} to listener {} (MQTT level {}, clean session {}, session present {})",
                connection.clientId(), connection.remoteAddress(), connection.listener(), connection.protocolVersion,
                attempt.cleanSession(), opened.present());
    }
}
