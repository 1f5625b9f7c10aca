package io.petrel.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import io.petrel.test.BrokerTest;
import io.petrel.test.Clients;
import io.petrel.test.client.Mqtt3Subscriber;
import io.petrel.test.client.Mqtt5Subscriber;
import io.petrel.test.client.Packets;
import io.petrel.test.client.TestClients;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * One broker with a plain listener and TLS listeners (default protocols, TLS 1.3 only, TLS 1.2 with one
 * cipher suite, and WebSocket over TLS): TLS clients of every kind exchange messages with plain ones, the
 * bundle's options decide what is negotiated, and plain MQTT on a TLS port ends only its own connection.
 */
@BrokerTest(properties = {"mqtt.listeners.tcp.port=0", "mqtt.listeners.tcp.host=127.0.0.1", "management.server.port=0",
    "mqtt.listeners.tls.ssl-bundle=server", "mqtt.listeners.tls.port=0", "mqtt.listeners.tls.host=127.0.0.1",
    "mqtt.listeners.tls13.kind=tls", "mqtt.listeners.tls13.ssl-bundle=server-tls13",
    "mqtt.listeners.tls13.port=0", "mqtt.listeners.tls13.host=127.0.0.1",
    "spring.ssl.bundle.pem.server-tls13.options.enabled-protocols=TLSv1.3",
    "mqtt.listeners.tls12.kind=tls", "mqtt.listeners.tls12.ssl-bundle=server-tls12",
    "mqtt.listeners.tls12.port=0", "mqtt.listeners.tls12.host=127.0.0.1",
    "spring.ssl.bundle.pem.server-tls12.options.enabled-protocols=TLSv1.2",
    "spring.ssl.bundle.pem.server-tls12.options.ciphers=" + TlsListenerTests.TLS12_CIPHER,
    "mqtt.listeners.wss.ssl-bundle=server", "mqtt.listeners.wss.port=0", "mqtt.listeners.wss.host=127.0.0.1"})
@DirtiesContext
@ExtendWith(OutputCaptureExtension.class)
class TlsListenerTests {

    /** Not the suite a JDK client and server would pick by themselves, so that seeing it proves the option works. */
    static final String TLS12_CIPHER = "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256";

    @TempDir
    static Path bundleFiles;

    @RegisterExtension
    final TestClients clients = new TestClients();

    @RegisterExtension
    final TlsClients tls = new TlsClients();

    @DynamicPropertySource
    static void bundles(DynamicPropertyRegistry registry) {
        TestPki.writeServerFiles(bundleFiles, TestPki.SERVER);
        TestPki.addBundle(registry, "server", bundleFiles);
        TestPki.addBundle(registry, "server-tls13", bundleFiles);
        TestPki.addBundle(registry, "server-tls12", bundleFiles);
    }

    @Test
    void hivemq5ClientOverTlsExchangesMessagesWithPlainTcpClients() throws Exception {
        String topic = Clients.unique("tls/v5");
        Mqtt5BlockingClient client = tls.hivemq5("tls", Clients.unique("tls-v5"), null);
        client.connect();
        Mqtt5Subscriber overTls = tls.subscriber(client);
        client.subscribeWith().topicFilter(topic + "/down").qos(MqttQos.AT_LEAST_ONCE).send();
        Mqtt5Subscriber plain = clients.subscriber5(topic + "/up", MqttQos.AT_LEAST_ONCE);

        TestClients.publish(clients.connected5("tcp-pub"), topic + "/down", MqttQos.AT_LEAST_ONCE, "to tls");
        TestClients.publish(client, topic + "/up", MqttQos.AT_LEAST_ONCE, "from tls");

        assertThat(TestClients.text(overTls.receive())).isEqualTo("to tls");
        assertThat(TestClients.text(plain.receive())).isEqualTo("from tls");
    }

    @Test
    void hivemq3ClientOverTlsReceivesWhatAPlainTcpClientPublishes() throws Exception {
        String topic = Clients.unique("tls/v3");
        Mqtt3BlockingClient client = tls.hivemq3("tls", Clients.unique("tls-v3"), null);
        client.connect();
        Mqtt3Subscriber overTls = tls.subscriber(client);
        client.subscribeWith().topicFilter(topic).qos(MqttQos.AT_LEAST_ONCE).send();

        TestClients.publish(clients.connected3("tcp-pub"), topic, MqttQos.AT_LEAST_ONCE, "to a 3.1.1 client");

        assertThat(TestClients.text(overTls.receive())).isEqualTo("to a 3.1.1 client");
    }

    @Test
    void pahoClientOverTlsReceivesWhatAPlainTcpClientPublishes() throws Exception {
        String topic = Clients.unique("tls/paho");
        MqttClient paho = tls.paho3("tls", Clients.unique("tls-paho"));
        paho.connect(TlsClients.pahoOptions(null));
        BlockingQueue<MqttMessage> received = new LinkedBlockingQueue<>();
        paho.subscribe(topic, 1, (receivedTopic, message) -> received.add(message));

        TestClients.publish(clients.connected5("tcp-pub"), topic, MqttQos.AT_LEAST_ONCE, "to paho");

        MqttMessage message = received.poll(TestClients.PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(message).as("Paho received the message").isNotNull();
        assertThat(new String(message.getPayload(), StandardCharsets.UTF_8)).isEqualTo("to paho");
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
    void listenerWithDefaultOptionsNegotiates(String protocol) throws Exception {
        SSLSocket socket = tls.socket("tls", TestPki.clientContext(null), protocol);

        int returnCode = TlsClients.connect311(socket, Clients.unique("tls-" + protocol));

        assertThat(socket.getSession().getProtocol()).isEqualTo(protocol);
        assertThat(socket.getSession().getPeerCertificates()[0]).as("the bundle's certificate")
                .isEqualTo(TestPki.SERVER.getCertificate());
        assertThat(returnCode).as("CONNACK return code").isZero();
    }

    @Test
    void bundleEnabledProtocolsRefuseATls12ClientAndAcceptATls13One() throws Exception {
        SSLSocket tls12 = tls.socket("tls13", TestPki.clientContext(null), "TLSv1.2");
        SSLSocket tls13 = tls.socket("tls13", TestPki.clientContext(null), "TLSv1.3", "TLSv1.2");

        assertThatThrownBy(tls12::startHandshake).isInstanceOfAny(SSLException.class, SocketException.class);
        assertThat(TlsClients.connect311(tls13, Clients.unique("tls13-only"))).isZero();
        assertThat(tls13.getSession().getProtocol()).isEqualTo("TLSv1.3");
    }

    @Test
    void bundleCiphersDecideTheCipherSuite() throws Exception {
        SSLSocket socket = tls.socket("tls12", TestPki.clientContext(null));

        assertThat(TlsClients.connect311(socket, Clients.unique("tls12-cipher"))).isZero();
        assertThat(socket.getSession().getProtocol()).isEqualTo("TLSv1.2");
        assertThat(socket.getSession().getCipherSuite()).isEqualTo(TLS12_CIPHER);
    }

    @Test
    void plainMqttOnTheTlsPortClosesThatConnectionOnlyWithOneLogLine(CapturedOutput output) throws Exception {
        String topic = Clients.unique("tls/neighbour");
        Mqtt5BlockingClient neighbour = tls.hivemq5("tls", Clients.unique("tls-neighbour"), null);
        neighbour.connect();
        Mqtt5Subscriber received = tls.subscriber(neighbour);
        neighbour.subscribeWith().topicFilter(topic).qos(MqttQos.AT_LEAST_ONCE).send();
        String plainClientId = Clients.unique("plain-on-tls");

        byte[] answer;
        try (Socket plain = new Socket("127.0.0.1", tls.port("tls"))) {
            plain.setSoTimeout(10_000);
            plain.getOutputStream().write(Packets.connect(plainClientId).bytes());
            answer = readUntilClosed(plain.getInputStream());
        }

        assertThat(answer).as("no plain-text CONNACK; at most a TLS alert record")
                .satisfiesAnyOf(bytes -> assertThat(bytes).isEmpty(), bytes -> assertThat(bytes[0]).isEqualTo((byte) 21));
        TestClients.publish(neighbour, topic, MqttQos.AT_LEAST_ONCE, "still here");
        assertThat(TestClients.text(received.receive())).isEqualTo("still here");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(output.getOut()).contains("the client did not start a TLS handshake"));
        assertThat(output.getOut()).as("the client's bytes are not logged")
                .doesNotContain(HexFormat.of().formatHex(plainClientId.getBytes(StandardCharsets.UTF_8)))
                .doesNotContain("NotSslRecordException");
    }

    @Test
    void hivemq5ClientOverWebSocketOverTlsPublishesAndSubscribes() throws Exception {
        String topic = Clients.unique("wss");
        Mqtt5BlockingClient client = tls.hivemq5OverWebSocket("wss", Clients.unique("wss-v5"));
        client.connect();
        Mqtt5Subscriber overWss = tls.subscriber(client);
        client.subscribeWith().topicFilter(topic + "/down").qos(MqttQos.AT_LEAST_ONCE).send();
        Mqtt5Subscriber plain = clients.subscriber5(topic + "/up", MqttQos.AT_LEAST_ONCE);

        TestClients.publish(clients.connected5("tcp-pub"), topic + "/down", MqttQos.AT_LEAST_ONCE, "to wss");
        TestClients.publish(client, topic + "/up", MqttQos.EXACTLY_ONCE, "from wss");

        assertThat(TestClients.text(overWss.receive())).isEqualTo("to wss");
        assertThat(TestClients.text(plain.receive())).isEqualTo("from wss");
    }

    /** What the peer sent until it closed the connection (end of stream or reset). */
    private static byte[] readUntilClosed(InputStream in) throws IOException {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        byte[] buffer = new byte[1024];
        try {
            int read;
            while ((read = in.read(buffer)) >= 0) {
                received.write(buffer, 0, read);
            }
        } catch (SocketException e) {
            // reset by the broker: closed as well
        }
        return received.toByteArray();
    }
}
