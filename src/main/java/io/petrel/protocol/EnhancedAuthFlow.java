package io.petrel.protocol;

import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttProperties.MqttPropertyType;
import io.netty.handler.codec.mqtt.MqttReasonCodeAndPropertiesVariableHeader;
import io.petrel.auth.AuthenticationExchange;
import io.petrel.auth.AuthenticationResult;
import io.petrel.auth.AuthenticationStep;
import io.petrel.auth.ClientInfo;
import io.petrel.auth.ConnectRequest;
import io.petrel.auth.EnhancedAuthenticator;
import io.petrel.message.ReasonCode;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MQTT 5 enhanced authentication (section 4.12): the AUTH exchange that a CONNECT with an Authentication
 * Method starts, and re-authentication (AUTH 0x19) of a connected client. Each step of the
 * {@link EnhancedAuthenticator} runs on the mqtt-auth executor within the hook timeout; its answer comes back
 * on the channel's event loop. Stateless; the exchange in progress lives on the connection.
 */
final class EnhancedAuthFlow {

    private static final Logger log = LoggerFactory.getLogger(EnhancedAuthFlow.class);

    /** Carries a CONNECT on once the exchange accepted it. */
    @FunctionalInterface
    interface Accepted {
        void accepted(MqttConnection connection, ConnectAttempt attempt, AuthenticationStep outcome);
    }

    /** A step's answer and the exchange to continue with. */
    private record Progress(AuthenticationExchange exchange, AuthenticationStep step) {}

    private final Broker broker;
    private final Accepted onAccepted;

    EnhancedAuthFlow(Broker broker, Accepted onAccepted) {
        this.broker = broker;
        this.onAccepted = onAccepted;
    }

    /** Starts the exchange for a CONNECT whose authentication method {@code authenticator} handles. */
    void begin(MqttConnection connection, ConnectAttempt attempt, EnhancedAuthenticator authenticator) {
        ConnectRequest request = attempt.request();
        runStep(connection, () -> start(authenticator, request, false),
                new AuthExchange(Objects.requireNonNull(request.authenticationMethod()), attempt, null, null));
    }

    void onAuth(MqttConnection connection, MqttMessage auth) {
        if (!connection.isMqtt5()) {
            Disconnector.close(connection, ReasonCode.PROTOCOL_ERROR, "AUTH is an MQTT 5 packet");
            return;
        }
        // A bare AUTH (remaining length 0) means reason 0x00 without properties (3.15.2.1)
        MqttProperties properties = MqttProperties.NO_PROPERTIES;
        int reason = ReasonCode.SUCCESS.value();
        if (auth.variableHeader() instanceof MqttReasonCodeAndPropertiesVariableHeader header) {
            properties = header.properties();
            reason = header.reasonCode() & 0xFF;
        }
        String method = V5Properties.string(properties, MqttPropertyType.AUTHENTICATION_METHOD);
        byte[] data = V5Properties.binary(properties, MqttPropertyType.AUTHENTICATION_DATA);
        String connectMethod = connection.authenticationMethod;
        AuthExchange pending = connection.authExchange;
        if (connectMethod == null) {
            Disconnector.close(connection, ReasonCode.PROTOCOL_ERROR,
                    "AUTH from a client that named no authentication method in CONNECT"); // [MQTT-4.12.0-7]
        } else if (!connectMethod.equals(method)) {
            Disconnector.close(connection, ReasonCode.PROTOCOL_ERROR, "AUTH with authentication method " + method
                    + " after CONNECT with " + connectMethod); // [MQTT-4.12.0-5], [MQTT-4.12.1-1]
        } else if (reason == ReasonCode.CONTINUE_AUTHENTICATION.value() && pending != null) {
            connection.authExchange = null;
            AuthenticationExchange state = Objects.requireNonNull(pending.state());
            runStep(connection, () -> new Progress(state, state.step(data)), pending);
        } else if (reason == ReasonCode.REAUTHENTICATE.value() && pending == null && connection.isConnected()) {
            reauthenticate(connection, connectMethod, data, properties);
        } else {
            Disconnector.close(connection, ReasonCode.PROTOCOL_ERROR,
                    "AUTH with reason code 0x" + Integer.toHexString(reason) + " out of turn");
        }
    }

    private void reauthenticate(MqttConnection connection, String method, byte @Nullable [] data,
            MqttProperties properties) {
        EnhancedAuthenticator authenticator = broker.enhancedAuthenticators().forMethod(method);
        ClientInfo client = Objects.requireNonNull(connection.client);
        if (authenticator == null) {
            Disconnector.close(connection, ReasonCode.BAD_AUTHENTICATION_METHOD,
                    "authentication method " + method + " does not support re-authentication");
            return;
        }
        ConnectRequest request = new ConnectRequest(client.clientId(), client.username(), null,
                client.remoteAddress(), client.protocolVersion(), client.listener(), method, data,
                V5Properties.userProperties(properties), connection.peerCertificates());
        Duration limit = broker.settings().connectTimeout();
        Future<?> deadline = connection.ctx().executor().schedule(() -> {
            if (connection.ctx().channel().isActive()) {
                Disconnector.close(connection, ReasonCode.NOT_AUTHORIZED, "re-authentication did not complete within "
                        + limit.toMillis() + " ms (mqtt.connect-timeout)");
            }
        }, limit.toMillis(), TimeUnit.MILLISECONDS);
        runStep(connection, () -> start(authenticator, request, true), new AuthExchange(method, null, deadline, null));
    }

    private static Progress start(EnhancedAuthenticator authenticator, ConnectRequest request,
            boolean reauthentication) {
        AuthenticationExchange exchange = authenticator.start(request, reauthentication);
        return new Progress(exchange, exchange.step(request.authenticationData()));
    }

    private void runStep(MqttConnection connection, Supplier<Progress> step, AuthExchange context) {
        CompletableFuture<Progress> result;
        try {
            result = Stages.callOn(broker.authExecutor(), ConnectFlow.timed(connection.metrics(), step),
                    broker.settings().hookTimeout(), connection.ctx().executor());
        } catch (RejectedExecutionException e) {
            fail(connection, context, ReasonCode.SERVER_BUSY, "authentication queue is full");
            return;
        }
        connection.continueWith(result, (progress, failure) -> {
            if (!connection.ctx().channel().isActive()) {
                return;
            }
            if (progress == null) {
                boolean connecting = context.attempt() != null;
                HookWarnings.failed(log, "EnhancedAuthenticator for " + context.method(),
                        clientId(connection, context), connecting ? "connecting" : "re-authenticating",
                        connecting ? "refusing it" : "disconnecting it",
                        Objects.requireNonNullElseGet(failure, IllegalStateException::new));
                fail(connection, context, ReasonCode.NOT_AUTHORIZED, "authentication failed");
            } else {
                answer(connection, context, progress);
            }
        });
    }

    private void answer(MqttConnection connection, AuthExchange context, Progress progress) {
        AuthenticationStep step = progress.step();
        AuthenticationResult result = step.result();
        ConnectAttempt attempt = context.attempt();
        if (result == null) {
            connection.authExchange = context.waitingWith(progress.exchange());
            connection.writeAndFlush(Packets.auth(ReasonCode.CONTINUE_AUTHENTICATION, context.method(), step.data()));
        } else if (!result.accepted()) {
            fail(connection, context, result.reasonCode(),
                    result.reasonString() == null ? "authentication failed" : result.reasonString());
        } else if (attempt != null) {
            onAccepted.accepted(connection, attempt, step);
        } else {
            reauthenticated(connection, context, step);
        }
    }

    private static void reauthenticated(MqttConnection connection, AuthExchange context, AuthenticationStep step) {
        context.end();
        ClientInfo client = Objects.requireNonNull(connection.client);
        String username = Objects.requireNonNull(step.result()).username();
        if (username != null && !username.equals(client.username())) {
            Disconnector.close(connection, ReasonCode.NOT_AUTHORIZED,
                    "re-authentication must keep the user name the client connected with");
            return;
        }
        connection.writeAndFlush(Packets.auth(ReasonCode.SUCCESS, context.method(), step.data()));
        log.debug("Client {} re-authenticated with {}", client.clientId(), context.method());
    }

    /** Refuses a CONNECT with CONNACK [MQTT-4.12.0-4], ends a re-authentication with DISCONNECT [MQTT-4.12.1-2]. */
    private static void fail(MqttConnection connection, AuthExchange context, ReasonCode reason, String detail) {
        context.end();
        if (context.attempt() != null) {
            Disconnector.refuse(connection, reason, detail);
        } else {
            Disconnector.close(connection, reason, detail);
        }
    }

    private static String clientId(MqttConnection connection, AuthExchange context) {
        return context.attempt() != null ? context.attempt().request().clientId() : connection.clientId();
    }
}
