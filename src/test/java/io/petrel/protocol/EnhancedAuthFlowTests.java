package io.petrel.protocol;

import static io.petrel.protocol.ClientPackets.connect;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttProperties.BinaryProperty;
import io.netty.handler.codec.mqtt.MqttProperties.MqttPropertyType;
import io.netty.handler.codec.mqtt.MqttProperties.StringProperty;
import io.netty.handler.codec.mqtt.MqttReasonCodeAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.petrel.auth.AuthenticationExchange;
import io.petrel.auth.AuthenticationResult;
import io.petrel.auth.AuthorizationResult;
import io.petrel.auth.Authorizer;
import io.petrel.auth.ClientInfo;
import io.petrel.auth.DefaultAuthorizer;
import io.petrel.auth.AuthenticationStep;
import io.petrel.auth.ConnectRequest;
import io.petrel.auth.EnhancedAuthenticator;
import io.petrel.message.Qos;
import io.petrel.message.ReasonCode;
import io.petrel.routing.TopicFilter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The AUTH exchange state on one connection, with the broker's clock under the test's control: a challenge
 * the client never answers runs into the connect timeout (at CONNECT) or into the re-authentication deadline,
 * and a re-authentication may not change who the client is.
 */
class EnhancedAuthFlowTests {

    private static final String METHOD = "petrel-challenge";
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private final EmbeddedBroker broker = new EmbeddedBroker();
    private final AtomicInteger authenticatorCalls = new AtomicInteger();

    @BeforeEach
    void configure() {
        broker.configure(settings -> settings.protocolVersions(4, 5).connectTimeout(CONNECT_TIMEOUT)
                .enhancedAuthenticators(new ChallengeAuthenticator())
                .authenticator(request -> {
                    authenticatorCalls.incrementAndGet();
                    return AuthenticationResult.accept();
                }));
    }

    @AfterEach
    void finishChannels() {
        broker.close();
    }

    @Test
    void twoStepExchangeAloneDecidesAndEndsInConnackWithTheMethodAndFinalData() {
        EmbeddedMqttClient client = broker.newClient();

        client.send(connectWith("alice").build());
        assertAuth(client.receive(), ReasonCode.CONTINUE_AUTHENTICATION, "who?");
        client.send(auth(ReasonCode.CONTINUE_AUTHENTICATION, METHOD, "alice"));

        MqttConnAckMessage connAck = (MqttConnAckMessage) client.receive();
        assertThat(connAck.variableHeader().connectReturnCode().byteValue()).isZero();
        MqttProperties properties = connAck.variableHeader().properties();
        assertThat(V5Properties.string(properties, MqttPropertyType.AUTHENTICATION_METHOD)).isEqualTo(METHOD);
        assertThat(V5Properties.binary(properties, MqttPropertyType.AUTHENTICATION_DATA))
                .asString(StandardCharsets.UTF_8).isEqualTo("welcome");
        assertThat(authenticatorCalls).as("the Authenticator is not consulted for an enhanced method").hasValue(0);
    }

    @Test
    void authorizerSeesTheUserTheExchangeAuthenticatedInsteadOfTheConnectsUserName() {
        AtomicReference<ClientInfo> willAuthorizedFor = new AtomicReference<>();
        Authorizer everything = new DefaultAuthorizer();
        broker.configure(settings -> settings.authorizer(new Authorizer() {
            @Override
            public CompletionStage<AuthorizationResult> authorizePublish(ClientInfo client, String topic, Qos qos,
                    boolean retain) {
                willAuthorizedFor.set(client);
                return everything.authorizePublish(client, topic, qos, retain);
            }

            @Override
            public CompletionStage<AuthorizationResult> authorizeSubscribe(ClientInfo client, TopicFilter filter,
                    Qos qos) {
                return everything.authorizeSubscribe(client, filter, qos);
            }
        }));
        EmbeddedMqttClient client = broker.newClient();
        client.send(connectWith("claimed").willFlag(true).willTopic("wills/enhanced").willMessage("gone").build());
        client.receive();

        client.send(auth(ReasonCode.CONTINUE_AUTHENTICATION, METHOD, "proven"));

        assertThat(client.receive()).isInstanceOf(MqttConnAckMessage.class);
        assertThat(willAuthorizedFor.get().username()).isEqualTo("proven");
    }

    @Test
    void challengeTheClientNeverAnswersRunsIntoTheConnectTimeout() {
        EmbeddedMqttClient client = broker.newClient();
        client.send(connectWith("alice").build());
        assertAuth(client.receive(), ReasonCode.CONTINUE_AUTHENTICATION, "who?");

        client.advanceTimeBy(CONNECT_TIMEOUT);

        assertThat(client.receiveAll()).as("no CONNACK after the exchange timed out").isEmpty();
        assertThat(client.isOpen()).isFalse();
    }

    @Test
    void reauthenticationTheClientNeverFinishesEndsWithNotAuthorizedAtTheDeadline() {
        EmbeddedMqttClient client = connected("alice");
        client.send(auth(ReasonCode.REAUTHENTICATE, METHOD, "again"));
        assertAuth(client.receive(), ReasonCode.CONTINUE_AUTHENTICATION, "who?");

        client.advanceTimeBy(CONNECT_TIMEOUT);

        assertDisconnected(client, ReasonCode.NOT_AUTHORIZED);
    }

    @Test
    void reauthenticationKeepsTheConnectionAndAnswersWithAuthSuccess() {
        EmbeddedMqttClient client = connected("alice");
        client.send(auth(ReasonCode.REAUTHENTICATE, METHOD, "again"));
        assertAuth(client.receive(), ReasonCode.CONTINUE_AUTHENTICATION, "who?");

        client.send(auth(ReasonCode.CONTINUE_AUTHENTICATION, METHOD, "alice"));

        assertAuth(client.receive(), ReasonCode.SUCCESS, "welcome");
        client.advanceTimeBy(CONNECT_TIMEOUT);
        client.send(MqttMessage.PINGREQ);
        assertThat(client.receive().fixedHeader().messageType()).as("the deadline was cancelled")
                .isEqualTo(MqttMessageType.PINGRESP);
    }

    @Test
    void reauthenticationAsAnotherUserEndsTheConnection() {
        EmbeddedMqttClient client = connected("alice");
        client.send(auth(ReasonCode.REAUTHENTICATE, METHOD, "again"));
        client.receive();

        client.send(auth(ReasonCode.CONTINUE_AUTHENTICATION, METHOD, "mallory"));

        assertDisconnected(client, ReasonCode.NOT_AUTHORIZED);
    }

    @Test
    void wrongAnswerRefusesTheConnectWithTheAuthenticatorsReasonCode() {
        EmbeddedMqttClient client = broker.newClient();
        client.send(connectWith("alice").build());
        client.receive();

        client.send(auth(ReasonCode.CONTINUE_AUTHENTICATION, METHOD, ""));

        MqttConnAckMessage connAck = (MqttConnAckMessage) client.receive();
        assertThat(connAck.variableHeader().connectReturnCode().byteValue() & 0xFF)
                .isEqualTo(ReasonCode.BAD_USER_NAME_OR_PASSWORD.value());
        assertThat(client.isOpen()).isFalse();
    }

    @Test
    void continueAuthenticationWithoutAChallengeIsAProtocolError() {
        EmbeddedMqttClient client = connected("alice");

        client.send(auth(ReasonCode.CONTINUE_AUTHENTICATION, METHOD, "alice"));

        assertDisconnected(client, ReasonCode.PROTOCOL_ERROR);
    }

    private EmbeddedMqttClient connected(String user) {
        EmbeddedMqttClient client = broker.newClient();
        client.send(connectWith(user).build());
        client.receive();
        client.send(auth(ReasonCode.CONTINUE_AUTHENTICATION, METHOD, user));
        assertThat(client.receive()).isInstanceOf(MqttConnAckMessage.class);
        return client;
    }

    /** An MQTT 5 CONNECT with the test's authentication method. */
    private static MqttMessageBuilders.ConnectBuilder connectWith(String user) {
        MqttProperties properties = new MqttProperties();
        properties.add(new StringProperty(MqttPropertyType.AUTHENTICATION_METHOD.value(), METHOD));
        return connect("enhanced-client").protocolVersion(MqttVersion.MQTT_5).username(user).properties(properties);
    }

    private static MqttMessage auth(ReasonCode reasonCode, String method, String data) {
        return Packets.auth(reasonCode, method, data.getBytes(StandardCharsets.UTF_8));
    }

    private static void assertAuth(MqttMessage message, ReasonCode reasonCode, String data) {
        assertThat(message.fixedHeader().messageType()).isEqualTo(MqttMessageType.AUTH);
        MqttReasonCodeAndPropertiesVariableHeader header = (MqttReasonCodeAndPropertiesVariableHeader) message
                .variableHeader();
        assertThat(header.reasonCode() & 0xFF).isEqualTo(reasonCode.value());
        assertThat(V5Properties.string(header.properties(), MqttPropertyType.AUTHENTICATION_METHOD)).isEqualTo(METHOD);
        assertThat(V5Properties.binary(header.properties(), MqttPropertyType.AUTHENTICATION_DATA))
                .asString(StandardCharsets.UTF_8).isEqualTo(data);
    }

    private static void assertDisconnected(EmbeddedMqttClient client, ReasonCode reasonCode) {
        MqttMessage disconnect = client.receive();
        assertThat(disconnect.fixedHeader().messageType()).isEqualTo(MqttMessageType.DISCONNECT);
        assertThat(((MqttReasonCodeAndPropertiesVariableHeader) disconnect.variableHeader()).reasonCode() & 0xFF)
                .isEqualTo(reasonCode.value());
        assertThat(client.isOpen()).isFalse();
    }

    /**
     * Asks "who?" and accepts any non-empty answer as the user it names; refuses an empty one with 0x86.
     */
    private static final class ChallengeAuthenticator implements EnhancedAuthenticator {

        @Override
        public Set<String> methods() {
            return Set.of(METHOD);
        }

        @Override
        public AuthenticationExchange start(ConnectRequest request, boolean reauthentication) {
            return new AuthenticationExchange() {
                private boolean challenged;

                @Override
                public AuthenticationStep step(byte @Nullable [] clientData) {
                    if (!challenged) {
                        challenged = true;
                        return AuthenticationStep.challenge("who?".getBytes(StandardCharsets.UTF_8));
                    }
                    String answer = clientData == null ? "" : new String(clientData, StandardCharsets.UTF_8);
                    if (answer.isEmpty()) {
                        return AuthenticationStep.failure(ReasonCode.BAD_USER_NAME_OR_PASSWORD, "no answer");
                    }
                    return AuthenticationStep.success(answer, "welcome".getBytes(StandardCharsets.UTF_8));
                }
            };
        }
    }
}
