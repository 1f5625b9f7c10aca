package io.petrel.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient.Mqtt5Publishes;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAck;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import io.petrel.auth.AclRule;
import io.petrel.auth.AclRule.Access;
import io.petrel.auth.AclRule.Action;
import io.petrel.auth.AuthenticationResult;
import io.petrel.auth.Authenticator;
import io.petrel.auth.ClientLimits;
import io.petrel.auth.Permissions;
import io.petrel.test.BrokerTest;
import io.petrel.test.Clients;
import io.petrel.test.client.TestClients;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * A custom Authenticator attaches Permissions and per-client limits; the default Authorizer judges
 * publishes, subscriptions and the will by those Permissions in memory, and the limits cut the session
 * expiry and the in-flight window.
 */
@BrokerTest
class ClientPermissionsAndLimitsTests {

    @TestConfiguration
    static class LimitingAuthenticator {

        @Bean
        Authenticator authenticator() {
            return request -> AuthenticationResult.accept()
                    .withPermissions(Permissions.of(List.of(AclRule.of(Access.ALLOW, Action.ALL, "own/%c/#"))))
                    .withLimits(new ClientLimits(1, 60L));
        }
    }

    @RegisterExtension
    final TestClients clients = new TestClients();

    @Test
    void theAttachedPermissionsDecidePublishesAndWills() {
        String clientId = Clients.unique("limited");
        Mqtt5BlockingClient client = clients.hivemq5(clientId);
        client.connect();

        TestClients.publish(client, "own/" + clientId + "/x", MqttQos.AT_LEAST_ONCE, "allowed");
        Mqtt5PubAckException refused = catchThrowableOfType(Mqtt5PubAckException.class,
                () -> TestClients.publish(client, "shared/x", MqttQos.AT_LEAST_ONCE, "denied"));
        assertThat(refused.getMqttMessage().getReasonCode()).isEqualTo(Mqtt5PubAckReasonCode.NOT_AUTHORIZED);

        Mqtt5BlockingClient withWill = clients.hivemq5(Clients.unique("will"));
        Mqtt5ConnAckException willRefused = catchThrowableOfType(Mqtt5ConnAckException.class, () -> withWill.connectWith()
                .willPublish().topic("shared/last-words").payload(new byte[] {1}).applyWillPublish().send());
        assertThat(willRefused.getMqttMessage().getReasonCode()).isEqualTo(Mqtt5ConnAckReasonCode.NOT_AUTHORIZED);
    }

    @Test
    void theSessionExpiryIsCutToTheClientsLimit() {
        Mqtt5ConnAck connAck = clients.hivemq5(Clients.unique("expiry")).connectWith()
                .cleanStart(true).sessionExpiryInterval(3600).send();

        assertThat(connAck.getSessionExpiryInterval()).hasValue(60);
    }

    @Test
    void theInflightWindowIsTheClientsLimit() throws InterruptedException {
        String clientId = Clients.unique("window");
        Mqtt5BlockingClient client = clients.hivemq5(clientId);
        client.connect();
        Mqtt5Publishes received = clients.publishes(client, true);
        client.subscribeWith().topicFilter("own/" + clientId + "/#").qos(MqttQos.AT_LEAST_ONCE).send();

        for (int i = 1; i <= 2; i++) {
            TestClients.publish(client, "own/" + clientId + "/n", MqttQos.AT_LEAST_ONCE, "message " + i);
        }

        Mqtt5Publish first = received.receive(TestClients.PATIENCE.toMillis(), TimeUnit.MILLISECONDS).orElseThrow();
        assertThat(TestClients.text(first)).isEqualTo("message 1");
        Optional<Mqtt5Publish> early = received.receive(TestClients.QUIET.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(early).as("one message in flight at a time").isEmpty();
        first.acknowledge();
        Mqtt5Publish second = received.receive(TestClients.PATIENCE.toMillis(), TimeUnit.MILLISECONDS).orElseThrow();
        assertThat(TestClients.text(second)).isEqualTo("message 2");
    }
}
