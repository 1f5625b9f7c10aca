package io.petrel.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import io.netty.pkitesting.X509Bundle;
import io.petrel.test.BrokerTest;
import io.petrel.test.Clients;
import io.petrel.test.client.Mqtt5Subscriber;
import io.petrel.test.client.TestClients;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A TLS listener whose SSL bundle reloads on update: when the PEM files change, new handshakes present
 * the new certificate without a restart, and connections opened before carry on.
 */
@BrokerTest(properties = {"mqtt.listeners.tcp.port=0", "mqtt.listeners.tcp.host=127.0.0.1", "management.server.port=0",
    "mqtt.listeners.tls.ssl-bundle=server", "mqtt.listeners.tls.port=0", "mqtt.listeners.tls.host=127.0.0.1",
    "spring.ssl.bundle.pem.server.reload-on-update=true", "spring.ssl.bundle.watch.file.quiet-period=200ms"})
@DirtiesContext
class CertificateRotationTests {

    @TempDir
    static Path bundleFiles;

    @RegisterExtension
    final TlsClients tls = new TlsClients();

    @DynamicPropertySource
    static void bundle(DynamicPropertyRegistry registry) {
        TestPki.writeServerFiles(bundleFiles, TestPki.SERVER);
        TestPki.addBundle(registry, "server", bundleFiles);
    }

    @Test
    void newHandshakesPresentTheReplacedCertificateWhileOpenConnectionsCarryOn() throws Exception {
        String topic = Clients.unique("rotation");
        Mqtt5BlockingClient before = tls.hivemq5("tls", Clients.unique("before-rotation"), null);
        before.connect();
        Mqtt5Subscriber received = tls.subscriber(before);
        before.subscribeWith().topicFilter(topic).qos(MqttQos.AT_LEAST_ONCE).send();
        assertThat(tls.serverCertificate("tls")).as("certificate A before the rotation")
                .isEqualTo(TestPki.SERVER.getCertificate());
        X509Bundle rotated = TestPki.serverCertificate("CN=localhost,O=Petrel Test,OU=Rotated");

        TestPki.writeServerFiles(bundleFiles, rotated);

        // Handshakes may fail for a moment, while the watcher has seen one file and not the other.
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .untilAsserted(() -> assertThat(tls.serverCertificate("tls")).isEqualTo(rotated.getCertificate()));
        assertThat(rotated.getCertificate().getSerialNumber()).isNotEqualTo(TestPki.SERVER.getCertificate().getSerialNumber());
        TestClients.publish(before, topic, MqttQos.AT_LEAST_ONCE, "after the rotation");
        assertThat(TestClients.text(received.receive())).isEqualTo("after the rotation");
        Mqtt5BlockingClient after = tls.hivemq5("tls", Clients.unique("after-rotation"), null);
        after.connect();
        TestClients.publish(after, topic, MqttQos.AT_LEAST_ONCE, "from a new connection");
        assertThat(TestClients.text(received.receive())).isEqualTo("from a new connection");
    }
}
