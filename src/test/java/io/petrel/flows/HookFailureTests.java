package io.petrel.flows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5SubAckException;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAckReasonCode;
import io.petrel.auth.AuthorizationResult;
import io.petrel.auth.Authorizer;
import io.petrel.auth.ClientInfo;
import io.petrel.message.Qos;
import io.petrel.routing.TopicFilter;
import io.petrel.test.BrokerTest;
import io.petrel.test.Clients;
import io.petrel.test.Warnings;
import io.petrel.test.client.Mqtt5Subscriber;
import io.petrel.test.client.TestClients;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;

/**
 * An {@link Authorizer} that throws or does not answer within {@code mqtt.hook-timeout} denies the PUBLISH or
 * SUBSCRIBE (fail closed), with one WARN line naming the client, and the client carries on.
 */
@BrokerTest(properties = {"mqtt.listeners.tcp.port=0", "mqtt.listeners.tcp.host=127.0.0.1", "management.server.port=0",
    "mqtt.hook-timeout=300ms"})
@ExtendWith(OutputCaptureExtension.class)
class HookFailureTests {

    @RegisterExtension
    final TestClients clients = new TestClients();

    @TestConfiguration
    static class FaultyAuthorizer {

        @Bean
        Authorizer authorizer() {
            return new Authorizer() {
                @Override
                public CompletionStage<AuthorizationResult> authorizePublish(ClientInfo client, String topic, Qos qos,
                        boolean retain) {
                    return decide(topic);
                }

                @Override
                public CompletionStage<AuthorizationResult> authorizeSubscribe(ClientInfo client, TopicFilter filter,
                        Qos qos) {
                    return decide(filter.text());
                }
            };
        }

        private static CompletionStage<AuthorizationResult> decide(String topic) {
            if (topic.startsWith("throw/")) {
                throw new IllegalStateException("authorizer bug");
            }
            if (topic.startsWith("hang/")) {
                return new CompletableFuture<>();
            }
            return CompletableFuture.completedFuture(AuthorizationResult.allow());
        }
    }

    @Test
    void publishWhoseAuthorizerThrowsIsRefusedWithOneWarning(CapturedOutput output) throws Exception {
        String name = Clients.unique("publish");
        String topic = "throw/" + name;
        Mqtt5Subscriber subscriber = clients.subscriber5("+/" + name, MqttQos.AT_LEAST_ONCE);
        Mqtt5BlockingClient publisher = clients.connected5("denied");
        String clientId = clientId(publisher);

        Mqtt5PubAckException refused = catchThrowableOfType(Mqtt5PubAckException.class,
                () -> TestClients.publish(publisher, topic, MqttQos.AT_LEAST_ONCE, "x"));

        assertThat(refused).isNotNull();
        assertThat(refused.getMqttMessage().getReasonCode()).isEqualTo(Mqtt5PubAckReasonCode.NOT_AUTHORIZED);
        subscriber.assertNothingReceived();
        assertThat(Warnings.mentioning(output, clientId)).containsExactly("Authorizer failed for client " + clientId
                + " publishing to " + topic + " (java.lang.IllegalStateException: authorizer bug); refusing it");
        assertThat(publisher.getState().isConnected()).isTrue();
    }

    @Test
    void subscriptionWhoseAuthorizerDoesNotAnswerInTimeIsRefusedWithOneWarning(CapturedOutput output) {
        Mqtt5BlockingClient subscriber = clients.connected5("waiting");
        String clientId = clientId(subscriber);
        String filter = "hang/" + Clients.unique("subscribe") + "/#";

        Mqtt5SubAckException refused = catchThrowableOfType(Mqtt5SubAckException.class,
                () -> subscriber.subscribeWith().topicFilter(filter).qos(MqttQos.AT_LEAST_ONCE).send());

        assertThat(refused).isNotNull();
        assertThat(refused.getMqttMessage().getReasonCodes()).containsExactly(Mqtt5SubAckReasonCode.UNSPECIFIED_ERROR);
        assertThat(Warnings.mentioning(output, clientId)).containsExactly("Authorizer failed for client " + clientId
                + " subscribing to " + filter + " (no answer within mqtt.hook-timeout); refusing it");
        assertThat(subscriber.getState().isConnected()).isTrue();
    }

    private static String clientId(Mqtt5BlockingClient client) {
        return client.getConfig().getClientIdentifier().orElseThrow().toString();
    }
}
