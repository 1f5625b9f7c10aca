package io.petrel.intercept;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubRecException;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.publish.pubrec.Mqtt5PubRecReasonCode;
import io.petrel.auth.ClientInfo;
import io.petrel.message.Message;
import io.petrel.message.ReasonCode;
import io.petrel.test.BrokerTest;
import io.petrel.test.Clients;
import io.petrel.test.Warnings;
import io.petrel.test.client.Mqtt3Subscriber;
import io.petrel.test.client.Mqtt5Subscriber;
import io.petrel.test.client.TestClients;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.Order;

/**
 * {@link PublishInterceptor} beans on a real broker with real clients: inbound rewriting and dropping (with
 * the reason code an MQTT 5 publisher sees, and silently for MQTT 3.1.1), order by {@code @Order}, outbound
 * changes per subscriber, and fail-closed handling of interceptors that throw or time out. Each interceptor
 * acts on its own topic prefix, so the tests share one context.
 */
@BrokerTest(properties = {"mqtt.listeners.tcp.port=0", "mqtt.listeners.tcp.host=127.0.0.1", "management.server.port=0",
    "mqtt.hook-timeout=300ms"})
@ExtendWith(OutputCaptureExtension.class)
class PublishInterceptorTests {

    @RegisterExtension
    final TestClients clients = new TestClients();

    @TestConfiguration
    static class Interceptors {

        @Bean
        SecondAppender secondAppender() {
            return new SecondAppender(); // declared first, runs second: @Order decides
        }

        @Bean
        FirstAppender firstAppender() {
            return new FirstAppender();
        }

        @Bean
        PublishInterceptor rewriting() {
            return new PublishInterceptor() {
                @Override
                public CompletionStage<InterceptResult> interceptInbound(ClientInfo publisher, Message message) {
                    if (!message.topic().startsWith("rewrite/")) {
                        return PublishInterceptor.super.interceptInbound(publisher, message);
                    }
                    String upper = new String(message.payload(), StandardCharsets.UTF_8).toUpperCase(Locale.ROOT);
                    return CompletableFuture.completedFuture(InterceptResult.proceed(message
                            .withTopic("rewritten/" + message.topic().substring("rewrite/".length()))
                            .withPayload((upper + " from " + publisher.clientId()).getBytes(StandardCharsets.UTF_8))));
                }
            };
        }

        @Bean
        PublishInterceptor policy() {
            return new PublishInterceptor() {
                @Override
                public CompletionStage<InterceptResult> interceptInbound(ClientInfo publisher, Message message) {
                    String topic = message.topic();
                    if (topic.startsWith("quota/")) {
                        return CompletableFuture.completedFuture(
                                InterceptResult.drop(ReasonCode.QUOTA_EXCEEDED, "daily quota used up"));
                    }
                    if (topic.startsWith("forbidden/")) {
                        // answered later from another thread: the asynchronous path
                        return CompletableFuture.supplyAsync(() -> InterceptResult.drop(ReasonCode.NOT_AUTHORIZED, null));
                    }
                    if (topic.startsWith("throwing/")) {
                        throw new IllegalStateException("interceptor bug");
                    }
                    if (topic.startsWith("slow/")) {
                        return new CompletableFuture<>(); // never answers
                    }
                    if (topic.startsWith("invalid/")) {
                        return CompletableFuture.completedFuture(InterceptResult.proceed(message.withTopic("bad/#")));
                    }
                    return PublishInterceptor.super.interceptInbound(publisher, message);
                }
            };
        }

        @Bean
        PublishInterceptor perSubscriber() {
            return new PublishInterceptor() {
                @Override
                public InterceptResult interceptOutbound(String subscriberClientId, Message message) {
                    if (!message.topic().startsWith("per-subscriber/")) {
                        return InterceptResult.proceed(message);
                    }
                    if (subscriberClientId.startsWith("blocked")) {
                        return InterceptResult.drop(ReasonCode.NOT_AUTHORIZED, null);
                    }
                    if (subscriberClientId.startsWith("faulty")) {
                        throw new IllegalStateException("outbound interceptor bug");
                    }
                    if (subscriberClientId.startsWith("vip")) {
                        return InterceptResult.proceed(message.withPayload(
                                ("vip: " + new String(message.payload(), StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8)));
                    }
                    return InterceptResult.proceed(message);
                }
            };
        }
    }

    /** Appends "b" to messages on order/...; must run after {@link FirstAppender}. */
    @Order(20)
    static class SecondAppender extends Appender {
        SecondAppender() {
            super("b");
        }
    }

    @Order(10)
    static class FirstAppender extends Appender {
        FirstAppender() {
            super("a");
        }
    }

    abstract static class Appender implements PublishInterceptor {
        private final String suffix;

        Appender(String suffix) {
            this.suffix = suffix;
        }

        @Override
        public CompletionStage<InterceptResult> interceptInbound(ClientInfo publisher, Message message) {
            if (!message.topic().startsWith("order/")) {
                return PublishInterceptor.super.interceptInbound(publisher, message);
            }
            byte[] payload = (new String(message.payload(), StandardCharsets.UTF_8) + suffix).getBytes(StandardCharsets.UTF_8);
            return CompletableFuture.completedFuture(InterceptResult.proceed(message.withPayload(payload)));
        }
    }

    @Test
    void inboundInterceptorRewritesTopicAndPayload() throws Exception {
        String name = Clients.unique("kitchen");
        Mqtt5Subscriber original = clients.subscriber5("rewrite/" + name, MqttQos.AT_LEAST_ONCE);
        Mqtt5Subscriber rewritten = clients.subscriber5("rewritten/" + name, MqttQos.AT_LEAST_ONCE);
        Mqtt5BlockingClient publisher = clients.connected5("rewriter");

        TestClients.publish(publisher, "rewrite/" + name, MqttQos.AT_LEAST_ONCE, "hello");

        Mqtt5Publish received = rewritten.receive();
        assertThat(received.getTopic().toString()).isEqualTo("rewritten/" + name);
        assertThat(TestClients.text(received)).isEqualTo("HELLO from " + publisher.getConfig().getClientIdentifier()
                .orElseThrow());
        original.assertNothingReceived();
    }

    @Test
    void inboundDropIsAnsweredWithTheInterceptorsReasonCodeForMqtt5() throws Exception {
        String topic = "quota/" + Clients.unique("meter");
        Mqtt5Subscriber subscriber = clients.subscriber5(topic, MqttQos.AT_LEAST_ONCE);
        Mqtt5BlockingClient publisher = clients.connected5("metered");

        Mqtt5PubAckException qos1 = catchThrowableOfType(Mqtt5PubAckException.class,
                () -> TestClients.publish(publisher, topic, MqttQos.AT_LEAST_ONCE, "1"));
        Mqtt5PubRecException qos2 = catchThrowableOfType(Mqtt5PubRecException.class,
                () -> TestClients.publish(publisher, topic, MqttQos.EXACTLY_ONCE, "2"));

        assertThat(qos1).as("PUBACK with an error code").isNotNull();
        assertThat(qos1.getMqttMessage().getReasonCode()).isEqualTo(Mqtt5PubAckReasonCode.QUOTA_EXCEEDED);
        assertThat(qos1.getMqttMessage().getReasonString()).hasValueSatisfying(
                reason -> assertThat(reason.toString()).isEqualTo("daily quota used up"));
        assertThat(qos2).as("PUBREC with an error code").isNotNull();
        assertThat(qos2.getMqttMessage().getReasonCode()).isEqualTo(Mqtt5PubRecReasonCode.QUOTA_EXCEEDED);
        subscriber.assertNothingReceived();
        assertThat(publisher.getState().isConnected()).isTrue();
    }

    @Test
    void asynchronousDropWithNotAuthorizedReachesTheMqtt5Publisher() throws Exception {
        String topic = "forbidden/" + Clients.unique("door");
        Mqtt5Subscriber subscriber = clients.subscriber5(topic, MqttQos.AT_LEAST_ONCE);
        Mqtt5BlockingClient publisher = clients.connected5("intruder");

        assertThat(pubackRefusal(publisher, topic)).isEqualTo(Mqtt5PubAckReasonCode.NOT_AUTHORIZED);

        subscriber.assertNothingReceived();
    }

    @Test
    void inboundDropIsSilentForMqtt311AndTheConnectionStaysOpen() throws Exception {
        String topic = "quota/" + Clients.unique("legacy");
        Mqtt3Subscriber subscriber = clients.subscriber3(topic, MqttQos.AT_LEAST_ONCE);
        MqttClient paho = clients.paho3(Clients.unique("paho-metered"));
        paho.connect();

        paho.publish(topic, "dropped".getBytes(StandardCharsets.UTF_8), 1, false); // PUBACK arrives as usual
        paho.publish(topic, "dropped too".getBytes(StandardCharsets.UTF_8), 2, false);

        subscriber.assertNothingReceived();
        assertThat(paho.isConnected()).isTrue();
        String open = Clients.unique("open");
        Mqtt3Subscriber other = clients.subscriber3(open, MqttQos.AT_LEAST_ONCE);
        paho.publish(open, "passes".getBytes(StandardCharsets.UTF_8), 1, false);
        assertThat(TestClients.text(other.receive())).isEqualTo("passes");
    }

    @Test
    void interceptorsRunInTheirOrder() throws Exception {
        String topic = "order/" + Clients.unique("chain");
        Mqtt5Subscriber subscriber = clients.subscriber5(topic, MqttQos.AT_MOST_ONCE);

        TestClients.publish(clients.connected5("ordered"), topic, MqttQos.AT_LEAST_ONCE, "x");

        assertThat(TestClients.text(subscriber.receive())).isEqualTo("xab");
    }

    @Test
    void outboundInterceptorChangesOrDropsTheMessagePerSubscriber() throws Exception {
        String topic = "per-subscriber/" + Clients.unique("news");
        Mqtt5Subscriber vip = subscriber("vip", topic);
        Mqtt5Subscriber plain = subscriber("plain", topic);
        Mqtt5Subscriber blocked = subscriber("blocked", topic);

        TestClients.publish(clients.connected5("newsroom"), topic, MqttQos.AT_LEAST_ONCE, "headline");

        assertThat(TestClients.text(vip.receive())).isEqualTo("vip: headline");
        assertThat(TestClients.text(plain.receive())).isEqualTo("headline");
        blocked.assertNothingReceived();
    }

    @Test
    void throwingInboundInterceptorDropsTheMessageWithOneWarningNamingTheClient(CapturedOutput output)
            throws Exception {
        String topic = "throwing/" + Clients.unique("bug");
        Mqtt5Subscriber subscriber = clients.subscriber5(topic, MqttQos.AT_LEAST_ONCE);
        Mqtt5BlockingClient publisher = clients.connected5("unlucky");
        String clientId = publisher.getConfig().getClientIdentifier().orElseThrow().toString();

        assertThat(pubackRefusal(publisher, topic)).isEqualTo(Mqtt5PubAckReasonCode.IMPLEMENTATION_SPECIFIC_ERROR);

        subscriber.assertNothingReceived();
        assertThat(Warnings.mentioning(output, clientId)).containsExactly(
                "PublishInterceptor failed for client " + clientId + " publishing to " + topic
                        + " (java.lang.IllegalStateException: interceptor bug); dropping the message");
    }

    @Test
    void interceptorThatDoesNotAnswerInTimeDropsTheMessageAndTheClientGoesOn(CapturedOutput output) throws Exception {
        String topic = "slow/" + Clients.unique("remote");
        Mqtt5Subscriber subscriber = clients.subscriber5(topic, MqttQos.AT_LEAST_ONCE);
        Mqtt5BlockingClient publisher = clients.connected5("patient");
        String clientId = publisher.getConfig().getClientIdentifier().orElseThrow().toString();

        assertThat(pubackRefusal(publisher, topic)).isEqualTo(Mqtt5PubAckReasonCode.IMPLEMENTATION_SPECIFIC_ERROR);

        subscriber.assertNothingReceived();
        assertThat(Warnings.mentioning(output, clientId)).singleElement().asString()
                .contains("no answer within mqtt.hook-timeout");
        String next = Clients.unique("after-timeout");
        Mqtt5Subscriber other = clients.subscriber5(next, MqttQos.AT_LEAST_ONCE);
        TestClients.publish(publisher, next, MqttQos.AT_LEAST_ONCE, "reading resumed");
        assertThat(TestClients.text(other.receive())).isEqualTo("reading resumed");
    }

    @Test
    void topicRewrittenIntoAnInvalidTopicNameIsDropped() throws Exception {
        String topic = "invalid/" + Clients.unique("wildcard");
        Mqtt5BlockingClient publisher = clients.connected5("rewritten-badly");

        assertThat(pubackRefusal(publisher, topic)).isEqualTo(Mqtt5PubAckReasonCode.TOPIC_NAME_INVALID);
    }

    @Test
    void throwingOutboundInterceptorDropsOnlyThatSubscribersDelivery(CapturedOutput output) throws Exception {
        String topic = "per-subscriber/" + Clients.unique("fragile");
        Mqtt5Subscriber faulty = subscriber("faulty", topic);
        Mqtt5Subscriber plain = subscriber("plain", topic);
        String faultyId = faulty.client().getConfig().getClientIdentifier().orElseThrow().toString();

        TestClients.publish(clients.connected5("sender"), topic, MqttQos.AT_LEAST_ONCE, "one");
        TestClients.publish(clients.connected5("sender"), topic, MqttQos.AT_LEAST_ONCE, "two");

        assertThat(TestClients.text(plain.receive())).isEqualTo("one");
        assertThat(TestClients.text(plain.receive())).isEqualTo("two");
        faulty.assertNothingReceived();
        await().atMost(TestClients.PATIENCE).until(() -> Warnings.mentioning(output, faultyId).size() == 2);
        assertThat(Warnings.mentioning(output, faultyId)).allSatisfy(line -> assertThat(line)
                .contains("failed for subscriber " + faultyId, "dropping the delivery"));
    }

    /** The error reason code of the PUBACK for a QoS 1 publish that must be refused. */
    private static Mqtt5PubAckReasonCode pubackRefusal(Mqtt5BlockingClient publisher, String topic) {
        Mqtt5PubAckException refused = catchThrowableOfType(Mqtt5PubAckException.class,
                () -> TestClients.publish(publisher, topic, MqttQos.AT_LEAST_ONCE, "refused"));
        assertThat(refused).as("PUBACK with an error code").isNotNull();
        return refused.getMqttMessage().getReasonCode();
    }

    private Mqtt5Subscriber subscriber(String prefix, String topic) {
        Mqtt5Subscriber subscriber = clients.subscriber5(prefix);
        subscriber.client().subscribeWith().topicFilter(topic).qos(MqttQos.AT_LEAST_ONCE).send();
        return subscriber;
    }
}
