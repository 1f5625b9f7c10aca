package io.petrel.mqtt5;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hivemq.client.mqtt.datatypes.MqttUtf8String;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.message.auth.Mqtt5EnhancedAuth;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAck;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import io.petrel.auth.AuthenticationResult;
import io.petrel.auth.Authenticator;
import io.petrel.auth.ConnectRequest;
import io.petrel.message.ReasonCode;
import io.petrel.message.UserProperty;
import io.petrel.test.BrokerTest;
import io.petrel.test.Clients;
import io.petrel.test.client.FixedAuthMechanism;
import io.petrel.test.client.TestClients;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * What an MQTT 5 CONNECT presents reaches a custom {@link Authenticator}: the authentication method and
 * data and the user properties, in order; the authenticator's refusal reaches the client as its reason
 * code and reason string. A context of its own, with a recording authenticator.
 */
@BrokerTest
class Mqtt5AuthenticatorTests {

    @Autowired
    RecordingAuthenticator authenticator;

    @RegisterExtension
    final TestClients clients = new TestClients();

    @Test
    void authenticationMethodDataAndUserPropertiesReachTheAuthenticator() {
        String clientId = Clients.unique("token-holder");
        Mqtt5BlockingClient client = clients.register(clients.hivemq5Builder(clientId)
                .enhancedAuth(new FixedAuthMechanism(RecordingAuthenticator.METHOD, new byte[] {7, 0, 7}))
                .buildBlocking());

        Mqtt5ConnAck connAck = client.connectWith()
                .userProperties().add("device", "sensor").add("zone", "a").add("device", "gateway")
                .applyUserProperties()
                .send();

        ConnectRequest request = authenticator.requestOf(clientId);
        assertThat(request.protocolVersion()).isEqualTo(5);
        assertThat(request.authenticationMethod()).isEqualTo(RecordingAuthenticator.METHOD);
        assertThat(request.authenticationData()).containsExactly(7, 0, 7);
        assertThat(request.userProperties()).containsExactly(new UserProperty("device", "sensor"),
                new UserProperty("zone", "a"), new UserProperty("device", "gateway"));
        assertThat(connAck.getReasonCode()).isEqualTo(Mqtt5ConnAckReasonCode.SUCCESS);
        assertThat(connAck.getEnhancedAuth()).map(Mqtt5EnhancedAuth::getMethod).map(MqttUtf8String::toString)
                .as("CONNACK names the method it accepted").contains(RecordingAuthenticator.METHOD);
    }

    @Test
    void pahoAuthenticationMethodDataAndUserPropertiesReachTheAuthenticator() throws Exception {
        String clientId = Clients.unique("paho-token-holder");
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setAuthMethod(RecordingAuthenticator.METHOD);
        options.setAuthData(new byte[] {1, 2, 3});
        options.setUserProperties(List.of(new org.eclipse.paho.mqttv5.common.packet.UserProperty("app", "paho"),
                new org.eclipse.paho.mqttv5.common.packet.UserProperty("build", "42")));

        clients.paho5(clientId).connect(options);

        ConnectRequest request = authenticator.requestOf(clientId);
        assertThat(request.authenticationMethod()).isEqualTo(RecordingAuthenticator.METHOD);
        assertThat(request.authenticationData()).containsExactly(1, 2, 3);
        assertThat(request.userProperties()).containsExactly(new UserProperty("app", "paho"),
                new UserProperty("build", "42"));
    }

    @Test
    void connectWithoutAuthenticationMethodReachesTheAuthenticatorWithoutOne() {
        String clientId = Clients.unique("plain");

        clients.hivemq5(clientId).connect();

        ConnectRequest request = authenticator.requestOf(clientId);
        assertThat(request.authenticationMethod()).isNull();
        assertThat(request.authenticationData()).isNull();
        assertThat(request.userProperties()).isEmpty();
    }

    @Test
    void assignedClientIdentifierIsWhatTheAuthenticatorSees() {
        Mqtt5ConnAck connAck = clients.hivemq5("").connect();

        String assigned = connAck.getAssignedClientIdentifier().orElseThrow().toString();
        assertThat(authenticator.requestOf(assigned).clientId()).isEqualTo(assigned);
    }

    @Test
    void refusalByTheAuthenticatorReachesTheClientWithItsReasonCodeAndString() {
        String clientId = Clients.unique("expired");
        Mqtt5BlockingClient client = clients.register(clients.hivemq5Builder(clientId)
                .enhancedAuth(new FixedAuthMechanism(RecordingAuthenticator.METHOD, RecordingAuthenticator.EXPIRED))
                .buildBlocking());

        assertThatThrownBy(client::connect).isInstanceOfSatisfying(Mqtt5ConnAckException.class, refused -> {
            Mqtt5ConnAck connAck = refused.getMqttMessage();
            assertThat(connAck.getReasonCode()).isEqualTo(Mqtt5ConnAckReasonCode.NOT_AUTHORIZED);
            assertThat(connAck.getReasonString()).map(MqttUtf8String::toString).contains("token expired");
        });
        assertThat(authenticator.requestOf(clientId).authenticationData()).isEqualTo(RecordingAuthenticator.EXPIRED);
    }

    @Test
    void unknownMethodRefusedByTheAuthenticatorGets0x8c() {
        String clientId = Clients.unique("wrong-method");
        Mqtt5BlockingClient client = clients.register(clients.hivemq5Builder(clientId)
                .enhancedAuth(new FixedAuthMechanism("SCRAM-SHA-1", new byte[] {1}))
                .buildBlocking());

        assertThatThrownBy(client::connect).isInstanceOfSatisfying(Mqtt5ConnAckException.class, refused ->
                assertThat(refused.getMqttMessage().getReasonCode())
                        .isEqualTo(Mqtt5ConnAckReasonCode.BAD_AUTHENTICATION_METHOD));
        assertThat(authenticator.requestOf(clientId).authenticationMethod()).isEqualTo("SCRAM-SHA-1");
    }

    /**
     * Records every request; accepts clients without a method or with {@link #METHOD}, except for the data
     * {@link #EXPIRED}; refuses any other method with 0x8C.
     */
    static final class RecordingAuthenticator implements Authenticator {

        static final String METHOD = "petrel-token";
        static final byte[] EXPIRED = {0x0E, 0x0E};

        private final Map<String, ConnectRequest> requests = new ConcurrentHashMap<>();

        @Override
        public AuthenticationResult authenticate(ConnectRequest request) {
            requests.put(request.clientId(), request);
            String method = request.authenticationMethod();
            if (method == null) {
                return AuthenticationResult.accept();
            }
            if (!method.equals(METHOD)) {
                return AuthenticationResult.refuse(ReasonCode.BAD_AUTHENTICATION_METHOD, "unknown method " + method);
            }
            if (Arrays.equals(request.authenticationData(), EXPIRED)) {
                return AuthenticationResult.refuse(ReasonCode.NOT_AUTHORIZED, "token expired");
            }
            return AuthenticationResult.accept();
        }

        /** The request a client id presented; the CONNACK came after it, so it is there. */
        ConnectRequest requestOf(String clientId) {
            ConnectRequest request = requests.get(clientId);
            assertThat(request).as("the authenticator saw " + clientId).isNotNull();
            return request;
        }
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class RecordingAuthenticatorConfiguration {

        @Bean
        RecordingAuthenticator recordingAuthenticator() {
            return new RecordingAuthenticator();
        }
    }
}
