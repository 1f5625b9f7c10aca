package io.petrel.protocol;

import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.petrel.auth.AuthenticationResult;
import io.petrel.auth.AuthenticationStep;
import io.petrel.auth.Authenticator;
import io.petrel.auth.ClientInfo;
import io.petrel.auth.ConnectRequest;
import io.petrel.auth.EnhancedAuthenticator;
import io.petrel.message.Message;
import io.petrel.message.ReasonCode;
import io.petrel.protocol.ConnectCheck.Outcome;
import io.petrel.protocol.ConnectCheck.Refusal;
import io.petrel.session.SessionRegistry;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CONNECT to CONNACK: checks the packet, authenticates (off the event loop unless the authenticator answers
 * at once; with an AUTH exchange for an enhanced authentication method), authorizes the will, opens or takes over the session, answers, starts
 * keep-alive and resends what the session held. A hook that fails or passes {@code mqtt.hook-timeout}
 * refuses the client with 0x87 (not authorized). Stateless; one per broker.
 */
final class ConnectFlow {

    private static final Logger log = LoggerFactory.getLogger(ConnectFlow.class);

    private final Broker broker;
    private final EnhancedAuthFlow enhancedAuth;

    ConnectFlow(Broker broker) {
        this.broker = broker;
        this.enhancedAuth = new EnhancedAuthFlow(broker, this::authenticated);
    }

    /** The AUTH exchanges, for AUTH packets. */
    EnhancedAuthFlow enhancedAuth() {
        return enhancedAuth;
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
            connection.authenticationMethod = attempt.request().authenticationMethod();
            authenticate(connection, attempt);
        }
    }

    /** {@code hook}, reporting how long each call took as authentication latency. */
    static <T> Supplier<T> timed(ProtocolMetrics metrics, Supplier<T> hook) {
        return () -> {
            long start = System.nanoTime();
            try {
                return hook.get();
            } finally {
                metrics.authenticated(System.nanoTime() - start);
            }
        };
    }

    /**
     * Authenticates by the enhanced authenticator for the CONNECT's authentication method when there is one,
     * else by the Authenticator (which refuses methods it does not know): off the event loop, unless it
     * answers this request at once.
     */
    private void authenticate(MqttConnection connection, ConnectAttempt attempt) {
        ConnectRequest request = attempt.request();
        String method = request.authenticationMethod();
        EnhancedAuthenticator enhanced = method == null ? null : broker.enhancedAuthenticators().forMethod(method);
        if (enhanced != null) {
            enhancedAuth.begin(connection, attempt, enhanced);
            return;
        }
        Authenticator authenticator = broker.authenticator();
        Supplier<AuthenticationResult> call = timed(connection.metrics(), () -> authenticator.authenticate(request));
        CompletableFuture<AuthenticationResult> result;
        try {
            result = answersAtOnce(authenticator, request) ? Stages.callHere(call)
                    : Stages.callOn(broker.authExecutor(), call, broker.settings().hookTimeout(), connection.ctx().executor());
        } catch (RejectedExecutionException e) {
            Disconnector.refuse(connection, ReasonCode.SERVER_BUSY, "authentication queue is full");
            return;
        }
        connection.continueWith(result, (outcome, failure) -> {
            if (!connection.ctx().channel().isActive()) {
                return;
            }
            if (outcome == null) {
                HookWarnings.failed(log, "Authenticator", request.clientId(), "connecting", "refusing it",
                        Objects.requireNonNullElseGet(failure, IllegalStateException::new));
                Disconnector.refuse(connection, ReasonCode.NOT_AUTHORIZED, "authentication failed");
            } else if (!outcome.accepted()) {
                Disconnector.refuse(connection, outcome.reasonCode(),
                        outcome.reasonString() == null ? "refused by the authenticator" : outcome.reasonString());
            } else {
                authenticated(connection, attempt, new AuthenticationStep(outcome, null));
            }
        });
    }

    /** Whether the authenticator may run on the event loop; a hook that throws here is asked off the loop. */
    private static boolean answersAtOnce(Authenticator authenticator, ConnectRequest request) {
        try {
            return authenticator.answersAtOnce(request);
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Authentication accepted the client: its identity, permissions and limits apply from now on. */
    private void authenticated(MqttConnection connection, ConnectAttempt attempt, AuthenticationStep outcome) {
        authorizeWill(connection, attempt.authenticatedBy(Objects.requireNonNull(outcome.result())), outcome.data());
    }

    /** A will is a publish like any other: the client must be allowed to publish it. */
    private void authorizeWill(MqttConnection connection, ConnectAttempt attempt, byte @Nullable [] authData) {
        Will will = attempt.will();
        if (will == null) {
            openSession(connection, attempt, authData);
            return;
        }
        Message message = will.message();
        ClientInfo client = attempt.client();
        connection.continueWith(
                Stages.call(() -> broker.authorizer().authorizePublish(client, message.topic(),
                        message.qos(), message.retain()), broker.settings().hookTimeout(),
                        connection.ctx().executor()),
                (result, failure) -> {
                    if (!connection.ctx().channel().isActive()) {
                        return;
                    }
                    if (failure != null) {
                        HookWarnings.failed(log, "Authorizer", client.clientId(),
                                "connecting with a will to " + message.topic(), "refusing it", failure);
                    }
                    if (result == null || !result.allowed()) {
                        Disconnector.refuse(connection, ReasonCode.NOT_AUTHORIZED,
                                "not authorized to publish the will to " + message.topic());
                    } else {
                        openSession(connection, attempt, authData);
                    }
                });
    }

    private void openSession(MqttConnection connection, ConnectAttempt attempt, byte @Nullable [] authData) {
        CompletableFuture<SessionRegistry.Opened> opened = new CompletableFuture<>();
        broker.sessions().open(new SessionRegistry.OpenRequest(attempt.request().clientId(), attempt.cleanStart(),
                attempt.sessionExpirySeconds(), connection), opened::complete);
        connection.continueWith(opened, (result, failure) -> accept(connection, result, attempt, authData));
    }

    private void accept(MqttConnection connection, SessionRegistry.@Nullable Opened opened, ConnectAttempt attempt,
            byte @Nullable [] authData) {
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
        Will will = attempt.will();
        if (will != null) {
            connection.declareWill(will);
            broker.sessions().willChanged(connection.clientId(), will.message(), will.delaySeconds());
        }
        connection.connectExpiryWasZero = attempt.sessionExpirySeconds() == 0;
        connection.clientMaximumPacketSize = attempt.clientMaximumPacketSize();
        connection.topicAliases = new TopicAliases(settings.topicAliasMaximum(), attempt.clientTopicAliasMaximum());
        // MQTT 3.1 has no session-present flag [MQTT-3.2.2-1, 3.2.2-2]
        boolean present = opened.present() && connection.protocolVersion >= 4;
        MqttProperties properties = connection.isMqtt5() ? ConnAckProperties.of(attempt, settings, authData)
                : MqttProperties.NO_PROPERTIES;
        connection.write(Packets.connAck(connection.protocolVersion, ReasonCode.SUCCESS, present, properties));
        KeepAlive.start(connection.ctx(), attempt.keepAliveSeconds());
        opened.session().attach(connection, Math.min(settings.maxInflightMessages(), attempt.clientReceiveMaximum()));
        ConnectionEvents.connected(connection, attempt, opened.present());
    }
}
