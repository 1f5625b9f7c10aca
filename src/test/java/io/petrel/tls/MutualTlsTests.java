package io.petrel.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import io.netty.pkitesting.X509Bundle;
import io.petrel.auth.ConnectRequest;
import io.petrel.test.BrokerTest;
import io.petrel.test.Clients;
import io.petrel.test.client.Mqtt5Subscriber;
import io.petrel.test.client.TestClients;
import java.io.EOFException;
import java.net.SocketException;
import java.nio.file.Path;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Client certificates: listener {@code tls} needs one, listener {@code optional} wants one. Only
 * certificates the bundle's trust store (the client CA) verifies get through, and their chain reaches the
 * user's {@code Authenticator}, client certificate first.
 */
@BrokerTest(properties = {"mqtt.listeners.tcp.port=0", "mqtt.listeners.tcp.host=127.0.0.1", "management.server.port=0",
    "mqtt.listeners.tls.ssl-bundle=server", "mqtt.listeners.tls.client-auth=need",
    "mqtt.listeners.tls.port=0", "mqtt.listeners.tls.host=127.0.0.1",
    "mqtt.listeners.optional.kind=tls", "mqtt.listeners.optional.ssl-bundle=server",
    "mqtt.listeners.optional.client-auth=want",
    "mqtt.listeners.optional.port=0", "mqtt.listeners.optional.host=127.0.0.1"})
@Import(RecordingAuthenticator.class)
@DirtiesContext
class MutualTlsTests {

    private static final X509Bundle INTERMEDIATE = TestPki.clientIntermediate("CN=Petrel Test Devices CA");

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
    void clientWithoutCertificateIsRefusedWhereOneIsNeeded() throws Exception {
        String clientId = Clients.unique("no-certificate");
        SSLSocket socket = tls.socket("tls", TestPki.clientContext(null));

        assertThatThrownBy(() -> TlsClients.connect311(socket, clientId))
                .isInstanceOfAny(SSLException.class, SocketException.class, EOFException.class);
        assertThat(authenticator.saw(clientId)).as("the CONNECT never got through").isFalse();
    }

    @Test
    void certificateFromAnUnknownCaIsRefusedWhereOneIsNeeded() throws Exception {
        String clientId = Clients.unique("unknown-ca");
        X509Bundle intruder = TestPki.clientCertificate("CN=" + clientId, TestPki.UNKNOWN_CA);
        SSLSocket socket = tls.socket("tls", TestPki.clientContext(intruder));

        assertThatThrownBy(() -> TlsClients.connect311(socket, clientId))
                .isInstanceOfAny(SSLException.class, SocketException.class, EOFException.class);
        assertThat(authenticator.saw(clientId)).as("the CONNECT never got through").isFalse();
    }

    @Test
    void verifiedCertificateChainReachesTheAuthenticatorClientCertificateFirst() throws Exception {
        String clientId = Clients.unique("device");
        X509Bundle device = TestPki.clientCertificate("CN=" + clientId, INTERMEDIATE);
        Mqtt5BlockingClient client = tls.hivemq5("tls", clientId, device);

        assertThat(client.connect().getReasonCode()).isEqualTo(Mqtt5ConnAckReasonCode.SUCCESS);

        ConnectRequest request = authenticator.requestOf(clientId);
        assertThat(request.listener()).isEqualTo("tls");
        assertThat(request.hasVerifiedCertificate()).isTrue();
        assertThat(request.certificates()).containsExactly(device.getCertificate(), INTERMEDIATE.getCertificate());
        String topic = Clients.unique("mtls");
        Mqtt5Subscriber received = tls.subscriber(client);
        client.subscribeWith().topicFilter(topic).qos(MqttQos.AT_LEAST_ONCE).send();
        TestClients.publish(clients.connected5("tcp-pub"), topic, MqttQos.AT_LEAST_ONCE, "to a device");
        assertThat(TestClients.text(received.receive())).isEqualTo("to a device");
    }

    @Test
    void clientWithoutCertificateConnectsFromLoopbackWhereOneIsWanted() {
        String clientId = Clients.unique("anonymous");
        Mqtt5BlockingClient client = tls.hivemq5("optional", clientId, null);

        assertThat(client.connect().getReasonCode()).isEqualTo(Mqtt5ConnAckReasonCode.SUCCESS);

        ConnectRequest request = authenticator.requestOf(clientId);
        assertThat(request.listener()).isEqualTo("optional");
        assertThat(request.certificates()).isEmpty();
        assertThat(request.isFromLoopback()).isTrue();
    }

    @Test
    void certificateWhereOneIsWantedReachesTheAuthenticator() throws Exception {
        String clientId = Clients.unique("paho-device");
        X509Bundle device = TestPki.clientCertificate("CN=" + clientId);
        MqttClient paho = tls.paho3("optional", clientId);

        paho.connect(TlsClients.pahoOptions(device));

        assertThat(paho.isConnected()).isTrue();
        assertThat(authenticator.requestOf(clientId).certificates()).containsExactly(device.getCertificate());
    }

    @Test
    void certificateFromAnUnknownCaIsRefusedEvenWhereOneIsOnlyWanted() throws Exception {
        String clientId = Clients.unique("unknown-ca-optional");
        X509Bundle intruder = TestPki.clientCertificate("CN=" + clientId, TestPki.UNKNOWN_CA);
        SSLSocket socket = tls.socket("optional", TestPki.clientContext(intruder));

        assertThatThrownBy(() -> TlsClients.connect311(socket, clientId))
                .isInstanceOfAny(SSLException.class, SocketException.class, EOFException.class);
        assertThat(authenticator.saw(clientId)).as("an untrusted certificate does not make an anonymous client")
                .isFalse();
    }
}
