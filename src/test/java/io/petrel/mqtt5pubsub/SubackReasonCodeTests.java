package io.petrel.mqtt5pubsub;

import static io.petrel.test.client.Packets.connect5;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5SubAckException;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAckReasonCode;
import io.petrel.auth.AuthorizationResult;
import io.petrel.auth.Authorizer;
import io.petrel.auth.ClientInfo;
import io.petrel.auth.DefaultAuthorizer;
import io.petrel.message.Qos;
import io.petrel.message.ReasonCode;
import io.petrel.routing.TopicFilter;
import io.petrel.test.BrokerTest;
import io.petrel.test.Clients;
import io.petrel.test.client.Packet;
import io.petrel.test.client.Packets;
import io.petrel.test.client.Paho5Client;
import io.petrel.test.client.RawClient;
import io.petrel.test.client.TestClients;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * SUBACK and UNSUBACK reason codes, one per topic filter (mosquitto 02-subscribe-*-v5, 02-unsubscribe-*-v5).
 * One context for all of them: wildcard, shared subscriptions and subscription identifiers switched off,
 * at most {@value #MAX_SUBSCRIPTIONS} subscriptions per client, and an authorizer that denies
 * {@code denied/...}. Raw sockets, since real clients check such filters before sending them.
 */
@BrokerTest(properties = {"mqtt.listeners.tcp.port=0", "mqtt.listeners.tcp.host=127.0.0.1", "management.server.port=0",
    "mqtt.wildcard-subscription-available=false", "mqtt.shared-subscription-available=false",
    "mqtt.subscription-identifier-available=false", "mqtt.max-subscriptions-per-client=" + SubackReasonCodeTests.MAX_SUBSCRIPTIONS})
class SubackReasonCodeTests {

    static final int MAX_SUBSCRIPTIONS = 3;

    /** Denies subscriptions to {@code denied/...}; publishing is left to the default. */
    @TestConfiguration(proxyBeanMethods = false)
    static class DenyingAuthorizerConfiguration {

        @Bean
        Authorizer denyingAuthorizer() {
            Authorizer defaults = new DefaultAuthorizer();
            return new Authorizer() {
                @Override
                public CompletionStage<AuthorizationResult> authorizePublish(ClientInfo client, String topic, Qos qos,
                        boolean retain) {
                    return defaults.authorizePublish(client, topic, qos, retain);
                }

                @Override
                public CompletionStage<AuthorizationResult> authorizeSubscribe(ClientInfo client, TopicFilter filter,
                        Qos qos) {
                    return CompletableFuture.completedFuture(filter.text().startsWith("denied/")
                            ? AuthorizationResult.deny(ReasonCode.NOT_AUTHORIZED, "denied by the test")
                            : AuthorizationResult.allow());
                }
            };
        }
    }

    @RegisterExtension
    final TestClients clients = new TestClients();

    RawClient client;

    @BeforeEach
    void connectRawClient() throws Exception {
        client = clients.raw(connect5(Clients.unique("raw")));
    }

    @Test
    void subackGrantsTheRequestedQosOfEachFilterInOrder() throws Exception {
        String prefix = Clients.unique("granted");

        Packet suback = subscribe(0x0102, prefix + "/2", 2, prefix + "/0", 0, prefix + "/1", 1);

        assertThat(suback.header()).isEqualTo(0x90);
        assertThat(suback.packetId()).isEqualTo(0x0102);
        assertThat(suback.reasonCodes()).containsExactly(0x02, 0x00, 0x01);
    }

    @Test
    void invalidTopicFilterIsRefusedWithTopicFilterInvalidAndTheOthersAreGranted() throws Exception {
        String prefix = Clients.unique("invalid");

        Packet suback = subscribe(1, prefix + "/ok", 1, prefix + "/#/b", 1, prefix + "/a+", 0);

        assertThat(suback.reasonCodes()).containsExactly(0x01, 0x8F, 0x8F);
        client.assertResponsive();
    }

    @Test
    void sharedSubscriptionIsRefusedWhenSharedSubscriptionsAreNotAvailable() throws Exception {
        String topic = Clients.unique("shared");

        Packet suback = subscribe(1, "$share/g/" + topic, 1, topic, 1);

        assertThat(suback.reasonCodes()).containsExactly(0x9E, 0x01);
    }

    @Test
    void wildcardSubscriptionIsRefusedWhenWildcardsAreNotAvailable() throws Exception {
        String prefix = Clients.unique("wild");

        Packet suback = subscribe(1, prefix + "/+", 1, prefix + "/#", 1, prefix + "/plain", 1);

        assertThat(suback.reasonCodes()).containsExactly(0xA2, 0xA2, 0x01);
    }

    @Test
    void subscriptionIdentifierIsRefusedWhenNotAvailable() throws Exception {
        String prefix = Clients.unique("sub-id");

        client.send(Packets.subscribe5(1, 9, prefix + "/a", 1, prefix + "/b", 0));

        assertThat(client.read().reasonCodes()).containsExactly(0xA1, 0xA1);
    }

    @Test
    void subscriptionBeyondTheLimitPerClientIsRefusedWithQuotaExceeded() throws Exception {
        String prefix = Clients.unique("quota");

        Packet first = subscribe(1, prefix + "/1", 1, prefix + "/2", 1, prefix + "/3", 1, prefix + "/4", 1);
        Packet again = subscribe(2, prefix + "/3", 0, prefix + "/5", 0);

        assertThat(first.reasonCodes()).containsExactly(0x01, 0x01, 0x01, 0x97);
        assertThat(again.reasonCodes()).as("replacing an existing subscription at the limit, then a new one")
                .containsExactly(0x00, 0x97);
    }

    @Test
    void filterTheAuthorizerDeniesIsRefusedWithNotAuthorized() throws Exception {
        String topic = Clients.unique("topic");

        Packet suback = subscribe(1, "denied/" + topic, 1, "allowed/" + topic, 1);

        assertThat(suback.reasonCodes()).containsExactly(0x87, 0x01);
    }

    @Test
    void unsubackReportsPerFilterWhetherASubscriptionExisted() throws Exception {
        String prefix = Clients.unique("unsub");
        assertThat(subscribe(1, prefix + "/a", 1).reasonCodes()).containsExactly(0x01);

        Packet unsuback = client.send(Packets.unsubscribe5(0x0A0B, prefix + "/a", prefix + "/b", "a/#/b")).read();
        Packet again = client.send(Packets.unsubscribe5(3, prefix + "/a")).read();

        assertThat(unsuback.header()).isEqualTo(0xB0);
        assertThat(unsuback.packetId()).isEqualTo(0x0A0B);
        assertThat(unsuback.reasonCodes()).containsExactly(0x00, 0x11, 0x8F);
        assertThat(again.reasonCodes()).containsExactly(0x11);
    }

    @Test
    void hivemqClientSeesTheReasonCodeOfEachFilter() {
        String topic = Clients.unique("hivemq");
        Mqtt5BlockingClient hivemq = clients.connected5("hivemq");

        Mqtt5SubAckException refused = catchThrowableOfType(Mqtt5SubAckException.class,
                () -> hivemq.subscribeWith()
                        .addSubscription().topicFilter("allowed/" + topic).qos(MqttQos.EXACTLY_ONCE).applySubscription()
                        .addSubscription().topicFilter("denied/" + topic).qos(MqttQos.AT_LEAST_ONCE).applySubscription()
                        .send());

        assertThat(refused).isNotNull();
        assertThat(refused.getMqttMessage().getReasonCodes())
                .containsExactly(Mqtt5SubAckReasonCode.GRANTED_QOS_2, Mqtt5SubAckReasonCode.NOT_AUTHORIZED);
    }

    @Test
    void pahoClientSeesSubackAndUnsubackReasonCodes() throws Exception {
        String topic = Clients.unique("paho");
        Paho5Client paho = clients.paho5(Clients.unique("paho")).connect();

        int[] suback = paho.subscribe(new MqttSubscription("allowed/" + topic, 1),
                new MqttSubscription("denied/" + topic, 2));
        int[] unsuback = paho.unsubscribe("allowed/" + topic, "never/" + topic);

        assertThat(suback).containsExactly(0x01, 0x87);
        assertThat(unsuback).containsExactly(0x00, 0x11);
    }

    private Packet subscribe(int packetId, Object... filtersAndOptions) throws Exception {
        return client.send(Packets.subscribe5(packetId, 0, filtersAndOptions)).read();
    }
}
