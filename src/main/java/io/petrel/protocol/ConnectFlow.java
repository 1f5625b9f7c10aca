package io.petrel.protocol;

import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.petrel.auth.AuthenticationResult;
import io.petrel.auth.ConnectRequest;
import io.petrel.message.Message;
import io.petrel.message.ReasonCode;
import io.petrel.protocol.ConnectCheck.Outcome;
import io.petrel.protocol.ConnectCheck.Refusal;
import io.petrel.session.SessionRegistry;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CONNECT to CONNACK: checks the packet, authenticates off the event loop, authorizes the will, opens or
 * takes over the session, answers, starts keep-alive and resends what the session held. Stateless; one
 * per broker.
 */
final class ConnectFlow {

    private static final Logger log = LoggerFactory.getLogger(ConnectFlow.class);

    private final Broker broker;

    ConnectFlow(Broker broker) {
        this.broker = broker;
    }

    void onConnect(MqttConnection connection, MqttConnectMessage connect) {
        connection.protocolVersion = connect.variableHeader().version();
        if (!broker.settings().protocolVersions().contains(connection.protocolVersion)) {
            Disconnector.refuseProtocolLevel(connection,
                    "protocol level " + connection.protocolVersion + " is not enabled (mqtt.protocol-versions)");
            return;
        }
        Outcome outcome = ConnectCheck.check(connect, broker.settings(), new ConnectCheck.Origin(
                connection.remoteAddress(), connection.listener(), connection.peerCertificates(),
                connection.certificateIdentity()));
        Refusal refusal = outcome.refusal();
        if (refusal != null) {
            if (refusal.withConnack()) {
                Disconnector.refuse(connection, refusal.reason(), refusal.detail());
            } else {
                Disconnector.close(connection, refusal.reason(), refusal.detail());
            }
            return;
        }
        ConnectAttempt attempt = outcome.attempt();
        if (attempt != null) {
            connection.problemInformation = attempt.problemInformation();
            authenticate(connection, attempt);
        }
    }

    private AuthenticationResult timedAuthentication(ConnectRequest request, ProtocolMetrics metrics) {
        long start = System.nanoTime();
        try {
            return broker.authenticator().authenticate(request);
        } finally {
            metrics.authenticated(System.nanoTime() - start);
        }
    }

    private void authenticate(MqttConnection connection, ConnectAttempt attempt) {
        ConnectRequest request = attempt.request();
        CompletableFuture<AuthenticationResult> result;
        try {
            ProtocolMetrics metrics = connection.metrics();
            result = CompletableFuture.supplyAsync(() -> timedAuthentication(request, metrics), broker.authExecutor());
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
                authorizeWill(connection, attempt.authenticatedBy(outcome));
            }
        });
    }

    /** A will is a publish like any other: the client must be allowed to publish it. */
    private void authorizeWill(MqttConnection connection, ConnectAttempt attempt) {
        Will will = attempt.will();
        if (will == null) {
            openSession(connection, attempt);
            return;
        }
        Message message = will.message();
        connection.continueWith(
                Stages.call(() -> broker.authorizer().authorizePublish(attempt.client(), message.topic(),
                        message.qos(), message.retain()), broker.settings().hookTimeout()),
                (result, failure) -> {
                    if (!connection.ctx().channel().isActive()) {
                        return;
                    }
                    if (failure != null) {
                        log.warn("Authorizer failed for the will of client {}; refusing it",
                                attempt.request().clientId(), failure);
                    }
                    if (result == null || !result.allowed()) {
                        Disconnector.refuse(connection, ReasonCode.NOT_AUTHORIZED,
                                "not authorized to publish the will to " + message.topic());
                    } else {
                        openSession(connection, attempt);
                    }
                });
    }

    private void openSession(MqttConnection connection, ConnectAttempt attempt) {
        CompletableFuture<SessionRegistry.Opened> opened = new CompletableFuture<>();
        broker.sessions().open(new SessionRegistry.OpenRequest(attempt.request().clientId(), attempt.cleanStart(),
                attempt.sessionExpirySeconds(), connection), opened::complete);
        connection.continueWith(opened, (result, failure) -> accept(connection, result, attempt));
    }

    private void accept(MqttConnection connection, SessionRegistry.@Nullable Opened opened, ConnectAttempt attempt) {
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
        ProtocolSettings settings = broker.settings();
        if (connection.connectTimeout != null) {
            connection.connectTimeout.cancel(false); // a pending task per connection would pin memory
            connection.connectTimeout = null;
        }
        connection.client = attempt.client();
        connection.recordDetails(attempt);
        connection.session = opened.session();
        connection.will = attempt.will();
        connection.connectExpiryWasZero = attempt.sessionExpirySeconds() == 0;
        connection.clientMaximumPacketSize = attempt.clientMaximumPacketSize();
        connection.topicAliases = new TopicAliases(settings.topicAliasMaximum(), attempt.clientTopicAliasMaximum());
        // MQTT 3.1 has no session-present flag [MQTT-3.2.2-1, 3.2.2-2]
        boolean present = opened.present() && connection.protocolVersion >= 4;
        MqttProperties properties = connection.isMqtt5() ? ConnAckProperties.of(attempt, settings)
                : MqttProperties.NO_PROPERTIES;
        connection.write(Packets.connAck(connection.protocolVersion, ReasonCode.SUCCESS, present, properties));
        KeepAlive.start(connection.ctx(), attempt.keepAliveSeconds());
        opened.session().attach(connection, Math.min(settings.maxInflightMessages(), attempt.clientReceiveMaximum()));
        ConnectionEvents.connected(connection, attempt, opened.present());
        log.info("Client {} connected from {} to listener {} (MQTT level {}, clean start {}, session present {})",
                connection.clientId(), connection.remoteAddress(), connection.listener(), connection.protocolVersion,
                attempt.cleanStart(), opened.present());
    }
}
