package io.petrel.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.exceptions.Mqtt3ConnAckException;
import com.hivemq.client.mqtt.mqtt3.message.connect.connack.Mqtt3ConnAckReturnCode;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5DisconnectException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAck;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.disconnect.Mqtt5DisconnectReasonCode;
import io.netty.pkitesting.X509Bundle;
import io.petrel.auth.ConnectRequest;
import io.petrel.test.BrokerTest;
import io.petrel.test.Clients;
import io.petrel.test.client.Mqtt5Subscriber;
import io.petrel.test.client.TestClients;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Identity from the client certificate: listener {@code identity} takes the user name from its CN,
 * listener {@code device} the client id, and listener {@code optional} (certificate wanted, not needed)
 * the user name, so that a client without a certificate there is refused as not authorized.
 */
@BrokerTest(properties = {"mqtt.listeners.tcp.port=0", "mqtt.listeners.tcp.host=127.0.0.1", "management.server.port=0",
    "mqtt.listeners.identity.kind=tls", "mqtt.listeners.identity.ssl-bundle=server",
    "mqtt.listeners.identity.client-auth=need", "mqtt.listeners.identity.username-from-certificate=cn",
    "mqtt.listeners.identity.port=0", "mqtt.listeners.identity.host=127.0.0.1",
    "mqtt.listeners.device.kind=tls", "mqtt.listeners.device.ssl-bundle=server",
    "mqtt.listeners.device.client-auth=need", "mqtt.listeners.device.client-id-from-certificate=cn",
    "mqtt.listeners.device.port=0", "mqtt.listeners.device.host=127.0.0.1",
    "mqtt.listeners.optional.kind=tls", "mqtt.listeners.optional.ssl-bundle=server",
    "mqtt.listeners.optional.client-auth=want", "mqtt.listeners.optional.username-from-certificate=cn",
    "mqtt.listeners.optional.port=0", "mqtt.listeners.optional.host=127.0.0.1"})
@Import(RecordingAuthenticator.class)
@DirtiesContext
class CertificateIdentityTests {

    @TempDir
    static Path bundleFiles;

    @Autowired
    RecordingAuthenticator authenticator;

    @RegisterExtension
    final TestClients clients = new TestClients();

    @RegisterExtension
    final TlsClients tls = new TlsClients();

    @DynamicPropertySource
    static void bundle(DynamicPropertyRegistry registry) {
        TestPki.writeServerFiles(bundleFiles, TestPki.SERVER);
        TestPki.addBundle(registry, "server", bundleFiles);
    }

    @Test
    void usernameIsTheCertificateCommonNameWhateverConnectSays() {
        String clientId = Clients.unique("user-device");
        String commonName = Clients.unique("alice");
        Mqtt5BlockingClient client = tls.hivemq5("identity", clientId,
                TestPki.clientCertificate("CN=" + commonName + ",O=Petrel Test"));

        client.connectWith().simpleAuth().username("mallory").password(TestClients.utf8("guess")).applySimpleAuth()
                .send();

        ConnectRequest request = authenticator.requestOf(clientId);
        assertThat(request.username()).isEqualTo(commonName);
        assertThat(request.clientId()).as("the client id stays what CONNECT said").isEqualTo(clientId);
    }

    @Test
    void mqtt5ClientGetsTheCertificateCommonNameAsAssignedClientIdentifier() {
        String commonName = Clients.unique("sensor");
        Mqtt5BlockingClient client = tls.hivemq5("device", "chosen-by-the-client",
                TestPki.clientCertificate("CN=" + commonName));

        Mqtt5ConnAck connAck = client.connect();

        assertThat(connAck.getAssignedClientIdentifier()).map(Object::toString).contains(commonName);
        assertThat(authenticator.requestOf(commonName).clientId()).isEqualTo(commonName);
        assertThat(authenticator.saw("chosen-by-the-client")).isFalse();
    }

    @Test
    void mqtt311ClientIdIsTheCertificateCommonName() {
        String commonName = Clients.unique("meter");
        Mqtt3BlockingClient client = tls.hivemq3("device", Clients.unique("chosen"),
                TestPki.clientCertificate("CN=" + commonName));

        client.connect();

        assertThat(authenticator.requestOf(commonName).protocolVersion()).isEqualTo(4);
    }

    @Test
    void secondConnectionWithTheSameCertificateTakesOverTheSession() throws Exception {
        String commonName = Clients.unique("gateway");
        X509Bundle certificate = TestPki.clientCertificate("CN=" + commonName);
        String topic = Clients.unique("takeover");
        AtomicReference<Throwable> firstClosedBecause = new AtomicReference<>();
        Mqtt5BlockingClient first = tls.register(tls.hivemq5Builder("device", "first", certificate)
                .addDisconnectedListener(disconnected -> firstClosedBecause.set(disconnected.getCause()))
                .buildBlocking());
        first.connectWith().cleanStart(true).sessionExpiryInterval(300).send();
        first.subscribeWith().topicFilter(topic).qos(MqttQos.AT_LEAST_ONCE).send();
        Mqtt5BlockingClient second = tls.hivemq5("device", "second", certificate);

        Mqtt5ConnAck connAck = second.connectWith().cleanStart(false).sessionExpiryInterval(300).send();

        assertThat(connAck.isSessionPresent()).as("the session of the first connection").isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> firstClosedBecause.get() != null);
        assertThat(firstClosedBecause.get()).isInstanceOfSatisfying(Mqtt5DisconnectException.class, disconnect ->
                assertThat(disconnect.getMqttMessage().getReasonCode())
                        .isEqualTo(Mqtt5DisconnectReasonCode.SESSION_TAKEN_OVER));
        Mqtt5Subscriber received = tls.subscriber(second);
        TestClients.publish(clients.connected5("tcp-pub"), topic, MqttQos.AT_LEAST_ONCE, "to the session");
        assertThat(TestClients.text(received.receive())).isEqualTo("to the session");
        second.disconnectWith().sessionExpiryInterval(0).send();
    }

    @Test
    void mqtt5ClientWithoutCertificateIsNotAuthorizedWhereTheUsernameComesFromOne() {
        String clientId = Clients.unique("no-certificate-v5");
        Mqtt5BlockingClient client = tls.hivemq5("optional", clientId, null);

        assertThatThrownBy(client::connect).isInstanceOfSatisfying(Mqtt5ConnAckException.class, refused ->
                assertThat(refused.getMqttMessage().getReasonCode()).isEqualTo(Mqtt5ConnAckReasonCode.NOT_AUTHORIZED));
        assertThat(authenticator.saw(clientId)).isFalse();
    }

    @Test
    void mqtt311ClientWithoutCertificateGetsReturnCode5WhereTheUsernameComesFromOne() {
        String clientId = Clients.unique("no-certificate-v3");
        Mqtt3BlockingClient client = tls.hivemq3("optional", clientId, null);

        assertThatThrownBy(client::connect).isInstanceOfSatisfying(Mqtt3ConnAckException.class, refused -> {
            assertThat(refused.getMqttMessage().getReturnCode()).isEqualTo(Mqtt3ConnAckReturnCode.NOT_AUTHORIZED);
            assertThat(refused.getMqttMessage().getReturnCode().getCode()).isEqualTo(5);
        });
        assertThat(authenticator.saw(clientId)).isFalse();
    }

    @Test
    void certificateWhereOneIsWantedGivesTheUsername() {
        String clientId = Clients.unique("optional-device");
        String commonName = Clients.unique("bob");
        Mqtt5BlockingClient client = tls.hivemq5("optional", clientId, TestPki.clientCertificate("CN=" + commonName));

        client.connect();

        assertThat(authenticator.requestOf(clientId).username()).isEqualTo(commonName);
    }
}
