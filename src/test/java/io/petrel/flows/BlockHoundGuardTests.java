package io.petrel.flows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import io.petrel.auth.AuthorizationResult;
import io.petrel.auth.Authorizer;
import io.petrel.auth.ClientInfo;
import io.petrel.auth.DefaultAuthorizer;
import io.petrel.message.Qos;
import io.petrel.protocol.Broker;
import io.petrel.routing.TopicFilter;
import io.petrel.test.Clients;
import io.petrel.test.NonBlockingEventLoops;
import io.petrel.test.client.TestClients;
import io.petrel.transport.MqttServer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Proves that the BlockHound guard of {@code @BrokerTest} sees a blocking call on a broker event loop: an
 * Authorizer that sleeps on the event loop must be reported. Not a {@code @BrokerTest} itself, since that
 * extension would fail this class for the very violation it provokes. The nested configuration gives it a
 * context of its own, which keeps the sleeping Authorizer away from every other test class.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "mqtt.listeners.tcp.port=0", "mqtt.listeners.tcp.host=127.0.0.1", "management.server.port=0"})
class BlockHoundGuardTests {

    @Autowired
    MqttServer server;

    @Autowired
    Broker broker;

    @BeforeAll
    static void installBlockHound() {
        NonBlockingEventLoops.install();
    }

    @Test
    void sleepingAuthorizerOnTheEventLoopIsReportedAsAViolation() {
        assertThat(broker.authorizer()).as("the sleeping Authorizer replaced the default")
                .isNotInstanceOf(DefaultAuthorizer.class);
        int before = NonBlockingEventLoops.violations().size();
        Mqtt3BlockingClient client = Clients.mqtt3(server, Clients.unique("guard"));
        client.connect();
        try {
            TestClients.publish(client, Clients.unique("guard"), MqttQos.AT_LEAST_ONCE, "slow");
        } finally {
            client.disconnect();
        }

        await().atMost(Duration.ofSeconds(10))
                .until(() -> NonBlockingEventLoops.violations().size() > before);
        List<String> violations = NonBlockingEventLoops.violations();
        assertThat(violations.subList(before, violations.size()))
                .anySatisfy(violation -> assertThat(violation).startsWith("mqtt-io").contains("sleep")
                        .contains("authorizePublish"));
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class SleepingAuthorizerConfiguration {

        @Bean
        Authorizer sleepingAuthorizer() {
            return new Authorizer() {
                @Override
                public CompletionStage<AuthorizationResult> authorizePublish(ClientInfo client, String topic, Qos qos,
                        boolean retain) {
                    try {
                        Thread.sleep(50); // the blocking call the guard must catch
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return CompletableFuture.completedFuture(AuthorizationResult.allow());
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
