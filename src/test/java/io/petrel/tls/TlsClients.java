package io.petrel.tls;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttClientSslConfig;
import com.hivemq.client.mqtt.MqttClientSslConfigBuilder;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient.Mqtt3Publishes;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5ClientBuilder;
import io.netty.pkitesting.X509Bundle;
import io.petrel.test.client.Mqtt3Subscriber;
import io.petrel.test.client.Mqtt5Subscriber;
import io.petrel.test.client.Packets;
import io.petrel.transport.MqttServer;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.security.cert.X509Certificate;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.test.context.junit.jupiter.SpringExtension;

/**
 * The TLS clients one test opens against a listener of its broker, all closed after it: HiveMQ MQTT 5 and
 * MQTT 3.1.1 clients (over TLS, or WebSocket over TLS), Paho MQTT 3 clients and raw {@link SSLSocket}s.
 * Every client trusts {@link TestPki#SERVER_CA}; a client certificate is optional. Register it next to
 * {@code TestClients}: {@code @RegisterExtension final TlsClients tls = new TlsClients();}
 */
final class TlsClients implements BeforeEachCallback, AfterEachCallback {

    /** How long a raw socket waits for the broker's answer. */
    private static final int READ_TIMEOUT_MILLIS = 10_000;

    private MqttServer server;
    private final Deque<AutoCloseable> opened = new ArrayDeque<>();

    @Override
    public void beforeEach(ExtensionContext context) {
        server = SpringExtension.getApplicationContext(context).getBean(MqttServer.class);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        while (!opened.isEmpty()) {
            try {
                opened.pop().close();
            } catch (Exception e) {
                // already closed or going away
            }
        }
    }

    int port(String listener) {
        return server.localPort(listener).orElseThrow(() -> new AssertionError("listener " + listener + " is not bound"));
    }

    /** A HiveMQ MQTT 5 client builder for a TLS listener, presenting {@code certificate} if not null. */
    Mqtt5ClientBuilder hivemq5Builder(String listener, String clientId, @Nullable X509Bundle certificate) {
        Mqtt5ClientBuilder builder = MqttClient.builder().useMqttVersion5().serverHost("127.0.0.1")
                .serverPort(port(listener))
                .sslConfig(ssl(certificate));
        return clientId.isEmpty() ? builder : builder.identifier(clientId);
    }

    /** A HiveMQ MQTT 5 client for a TLS listener, not yet connected. */
    Mqtt5BlockingClient hivemq5(String listener, String clientId, @Nullable X509Bundle certificate) {
        return register(hivemq5Builder(listener, clientId, certificate).buildBlocking());
    }

    /** A HiveMQ MQTT 5 client for a WebSocket-over-TLS listener at {@code /mqtt}, not yet connected. */
    Mqtt5BlockingClient hivemq5OverWebSocket(String listener, String clientId) {
        return register(hivemq5Builder(listener, clientId, null)
                .webSocketConfig().serverPath("mqtt").applyWebSocketConfig()
                .buildBlocking());
    }

    /** A HiveMQ MQTT 3.1.1 client for a TLS listener, not yet connected. */
    Mqtt3BlockingClient hivemq3(String listener, String clientId, @Nullable X509Bundle certificate) {
        Mqtt3BlockingClient client = MqttClient.builder().useMqttVersion3().identifier(clientId)
                .serverHost("127.0.0.1").serverPort(port(listener))
                .sslConfig(ssl(certificate))
                .buildBlocking();
        opened.push(() -> {
            if (client.getState().isConnected()) {
                client.disconnect();
            }
        });
        return client;
    }

    Mqtt5BlockingClient register(Mqtt5BlockingClient client) {
        opened.push(() -> {
            if (client.getState().isConnected()) {
                client.disconnect();
            }
        });
        return client;
    }

    /** What {@code client}, already connected, receives from now on; it subscribes afterwards. */
    Mqtt5Subscriber subscriber(Mqtt5BlockingClient client) {
        Mqtt5BlockingClient.Mqtt5Publishes publishes = client.publishes(MqttGlobalPublishFilter.ALL);
        opened.push(publishes::close);
        return new Mqtt5Subscriber(client, publishes);
    }

    /** What {@code client}, already connected, receives from now on; it subscribes afterwards. */
    Mqtt3Subscriber subscriber(Mqtt3BlockingClient client) {
        Mqtt3Publishes publishes = client.publishes(MqttGlobalPublishFilter.ALL);
        opened.push(publishes::close);
        return new Mqtt3Subscriber(client, publishes);
    }

    /** A Paho MQTT 3 client for a TLS listener, not yet connected; connect it with {@link #pahoOptions}. */
    org.eclipse.paho.client.mqttv3.MqttClient paho3(String listener, String clientId) throws MqttException {
        org.eclipse.paho.client.mqttv3.MqttClient client = new org.eclipse.paho.client.mqttv3.MqttClient(
                "ssl://127.0.0.1:" + port(listener), clientId, new MemoryPersistence());
        opened.push(() -> {
            if (client.isConnected()) {
                client.disconnectForcibly(0, 1000);
            }
            client.close();
        });
        return client;
    }

    /** Paho options with a clean session and the TLS client context, presenting {@code certificate} if not null. */
    static org.eclipse.paho.client.mqttv3.MqttConnectOptions pahoOptions(@Nullable X509Bundle certificate) {
        org.eclipse.paho.client.mqttv3.MqttConnectOptions options = new org.eclipse.paho.client.mqttv3.MqttConnectOptions();
        options.setCleanSession(true);
        options.setSocketFactory(TestPki.clientContext(certificate).getSocketFactory());
        return options;
    }

    /** A TLS socket to the listener, before the handshake, limited to {@code protocols} when any are named. */
    SSLSocket socket(String listener, SSLContext context, String... protocols) throws IOException {
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port(listener));
        opened.push(socket);
        socket.setSoTimeout(READ_TIMEOUT_MILLIS);
        if (protocols.length > 0) {
            socket.setEnabledProtocols(protocols);
        }
        return socket;
    }

    /** The certificate a new handshake with the listener presents. */
    X509Certificate serverCertificate(String listener) throws IOException {
        try (SSLSocket socket = socket(listener, TestPki.clientContext(null))) {
            socket.startHandshake();
            return (X509Certificate) socket.getSession().getPeerCertificates()[0];
        }
    }

    /**
     * Completes the handshake, sends an MQTT 3.1.1 CONNECT and returns the CONNACK's return code. Throws
     * what the TLS layer throws when the broker ends the handshake or the connection, and an
     * {@link EOFException} when the connection closes without a CONNACK.
     */
    static int connect311(SSLSocket socket, String clientId) throws IOException {
        socket.startHandshake();
        socket.getOutputStream().write(Packets.connect(clientId).bytes());
        socket.getOutputStream().flush();
        InputStream in = socket.getInputStream();
        byte[] connack = in.readNBytes(4);
        if (connack.length < 4) {
            throw new EOFException("the broker closed the connection after " + connack.length + " bytes");
        }
        if (connack[0] != 0x20 || connack[1] != 0x02) {
            throw new AssertionError("expected CONNACK, got " + HexFormat.of().formatHex(connack));
        }
        return connack[3];
    }

    private static MqttClientSslConfig ssl(@Nullable X509Bundle certificate) {
        MqttClientSslConfigBuilder builder = MqttClientSslConfig.builder()
                .trustManagerFactory(TestPki.trustServerCa());
        if (certificate != null) {
            try {
                builder = builder.keyManagerFactory(certificate.toKeyManagerFactory());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        return builder.build();
    }
}
