package io.petrel.flows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAck;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import io.petrel.auth.AuthenticationExchange;
import io.petrel.auth.AuthenticationResult;
import io.petrel.auth.AuthenticationStep;
import io.petrel.auth.Authenticator;
import io.petrel.auth.AuthorizationResult;
import io.petrel.auth.Authorizer;
import io.petrel.auth.ClientInfo;
import io.petrel.auth.ConnectRequest;
import io.petrel.auth.EnhancedAuthenticator;
import io.petrel.message.Qos;
import io.petrel.routing.TopicFilter;
import io.petrel.test.BrokerTest;
import io.petrel.test.Clients;
import io.petrel.test.Warnings;
import io.petrel.test.client.FixedAuthMechanism;
import io.petrel.test.client.TestClients;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;

/**
 * User hooks on the CONNECT path fail closed: an Authenticator, an EnhancedAuthenticator step or the will's
 * authorization that throws or passes {@code mqtt.hook-timeout} refuses the client with 0x87 (not authorized),
 * logs exactly one WARN line naming the client, and leaves the broker serving everybody else.
 */
@BrokerTest(properties = {"mqtt.listeners.tcp.port=0", "mqtt.listeners.tcp.host=127.0.0.1", "management.server.port=0",
    "mqtt.hook-timeout=300ms"})
@ExtendWith(OutputCaptureExtension.class)
class HookTimeoutTests {

    /** Holds the slow hooks until the tests end, so that they pass the hook timeout whatever the machine's pace. */
    static final CountDownLatch RELEASE = new CountDownLatch(1);

    private static final String SLOW_METHOD = "petrel-slow";

    @RegisterExtension
    final TestClients clients = new TestClients();

    @AfterAll
    static void releaseSlowHooks() {
        RELEASE.countDown();
    }

    @Test
    void authenticatorPastTheHookTimeoutRefusesTheClientWhileOthersConnect(CapturedOutput output) {
        String slowId = Clients.unique("slow");
        CompletableFuture<Mqtt5ConnAck> slow = clients.hivemq5(slowId).toAsync().connect();

        Mqtt5BlockingClient other = clients.connected5("meanwhile");
        other.publishWith().topic(Clients.unique("meanwhile")).qos(MqttQos.AT_LEAST_ONCE).send();

        assertRefusedWithNotAuthorized(slow);
        assertOneWarning(output, slowId, "Authenticator failed for client " + slowId
                + " connecting (no answer within mqtt.hook-timeout); refusing it");
        assertThat(clients.connected5("afterwards").getState().isConnected()).isTrue();
    }

    @Test
    void authenticatorThatThrowsRefusesTheClientWithOneWarningNamingTheException(CapturedOutput output) {
        String brokenId = Clients.unique("broken");

        assertRefusedWithNotAuthorized(clients.hivemq5(brokenId).toAsync().connect());

        assertOneWarning(output, brokenId, "Authenticator failed for client " + brokenId
                + " connecting (java.lang.IllegalStateException: user directory unavailable); refusing it");
    }

    @Test
    void enhancedAuthenticatorStepPastTheHookTimeoutRefusesTheClient(CapturedOutput output) {
        String clientId = Clients.unique("slow-exchange");
        Mqtt5BlockingClient client = clients.register(clients.hivemq5Builder(clientId)
                .enhancedAuth(new FixedAuthMechanism(SLOW_METHOD, new byte[] {1})).buildBlocking());

        assertRefusedWithNotAuthorized(client.toAsync().connect());

        assertOneWarning(output, clientId, "EnhancedAuthenticator for " + SLOW_METHOD + " failed for client "
                + clientId + " connecting (no answer within mqtt.hook-timeout); refusing it");
    }

    @Test
    void willAuthorizationPastTheHookTimeoutRefusesTheClient(CapturedOutput output) {
        String clientId = Clients.unique("stuck-will");
        CompletableFuture<Mqtt5ConnAck> connect = clients.hivemq5(clientId).toAsync().connectWith()
                .willPublish().topic("stuck/" + clientId).payload("bye".getBytes(StandardCharsets.UTF_8))
                .applyWillPublish().send();

        assertRefusedWithNotAuthorized(connect);

        assertOneWarning(output, clientId, "Authorizer failed for client " + clientId
                + " connecting with a will to stuck/" + clientId
                + " (no answer within mqtt.hook-timeout); refusing it");
    }

    private static void assertRefusedWithNotAuthorized(CompletableFuture<Mqtt5ConnAck> connect) {
        await().atMost(TestClients.PATIENCE).until(connect::isDone);
        assertThat(connect).failsWithin(0, TimeUnit.SECONDS).withThrowableThat().havingRootCause()
                .isInstanceOfSatisfying(Mqtt5ConnAckException.class, refused -> assertThat(
                        refused.getMqttMessage().getReasonCode()).isEqualTo(Mqtt5ConnAckReasonCode.NOT_AUTHORIZED));
    }

    /** Exactly one WARN line names the client: this one, and no stack trace follows it. */
    private static void assertOneWarning(CapturedOutput output, String clientId, String expected) {
        await().atMost(TestClients.PATIENCE).until(() -> !Warnings.mentioning(output, clientId).isEmpty());
        assertThat(Warnings.mentioning(output, clientId)).containsExactly(expected);
        assertThat(output.getOut()).as("stack traces go to DEBUG")
                .doesNotContain("\tat io.petrel.flows.HookTimeoutTests");
    }

    private static void awaitRelease() {
        try {
            RELEASE.await(TestClients.PATIENCE.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class Hooks {

        /** "slow…" clients wait past the hook timeout, "broken…" ones throw, everybody else is accepted. */
        @Bean
        Authenticator slowOrBrokenAuthenticator() {
            return (ConnectRequest request) -> {
                if (request.clientId().startsWith("slow-")) { // "slow-exchange-…" never comes here: its method does
                    awaitRelease();
                } else if (request.clientId().startsWith("broken-")) {
                    throw new IllegalStateException("user directory unavailable");
                }
                return AuthenticationResult.accept();
            };
        }

        /** An exchange whose first step waits past the hook timeout. */
        @Bean
        EnhancedAuthenticator slowEnhancedAuthenticator() {
            return new EnhancedAuthenticator() {
                @Override
                public Set<String> methods() {
                    return Set.of(SLOW_METHOD);
                }

                @Override
                public AuthenticationExchange start(ConnectRequest request, boolean reauthentication) {
                    return data -> {
                        awaitRelease();
                        return AuthenticationStep.success(null, null);
                    };
                }
            };
        }

        /** Never answers for wills to {@code stuck/…}; allows everything else. */
        @Bean
        Authorizer stuckWillAuthorizer() {
            return new Authorizer() {
                @Override
                public CompletionStage<AuthorizationResult> authorizePublish(ClientInfo client, String topic, Qos qos,
                        boolean retain) {
                    return topic.startsWith("stuck/") ? new CompletableFuture<>()
                            : CompletableFuture.completedFuture(AuthorizationResult.allow());
                }

                @Override
                public CompletionStage<AuthorizationResult> authorizeSubscribe(ClientInfo client, TopicFilter filter,
                        Qos qos) {
                    return CompletableFuture.completedFuture(AuthorizationResult.allow());
                }
            };
        }
    }
}
