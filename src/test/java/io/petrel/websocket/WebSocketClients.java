package io.petrel.websocket;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import io.petrel.transport.MqttServer;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.Deque;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.test.context.junit.jupiter.SpringExtension;

/**
 * The MQTT-over-WebSocket clients one test opens against a WebSocket listener of the broker of its Spring
 * context, all closed after the test: HiveMQ MQTT 3.1.1 and 5, Paho MQTT 3 and {@link RawWebSocket}s.
 * Register it next to {@code TestClients}, which serves the plain TCP listener:
 *
 * <pre>{@code @RegisterExtension final WebSocketClients webSockets = new WebSocketClients("ws", "/mqtt");}</pre>
 */
final class WebSocketClients implements BeforeEachCallback, AfterEachCallback {

    private final String listener;
    private final String path;
    private final Deque<AutoCloseable> opened = new ArrayDeque<>();
    private MqttServer server;

    /** Clients of listener {@code listener}, upgrading at {@code path}. */
    WebSocketClients(String listener, String path) {
        this.listener = listener;
        this.path = path;
    }

    /** Clients of the default {@code ws} listener at {@code /mqtt}. */
    WebSocketClients() {
        this("ws", "/mqtt");
    }

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

    int port() {
        return server.localPort(listener).orElseThrow();
    }

    /** The listener's WebSocket URI, {@code ws://127.0.0.1:<port><path>}. */
    URI uri() {
        return uri(path);
    }

    /** A URI on the listener's port with another path (and query). */
    URI uri(String pathAndQuery) {
        return URI.create("ws://127.0.0.1:" + port() + pathAndQuery);
    }

    /** A HiveMQ MQTT 3.1.1 client over WebSocket with this id, not yet connected. */
    Mqtt3BlockingClient hivemq3(String clientId) {
        Mqtt3BlockingClient client = MqttClient.builder().useMqttVersion3().identifier(clientId)
                .serverHost("127.0.0.1").serverPort(port())
                .webSocketConfig().serverPath(path.substring(1)).applyWebSocketConfig()
                .buildBlocking();
        opened.push(() -> {
            if (client.getState().isConnected()) {
                client.disconnect();
            }
        });
        return client;
    }

    /** A HiveMQ MQTT 5 client over WebSocket with this id, not yet connected. */
    Mqtt5BlockingClient hivemq5(String clientId) {
        Mqtt5BlockingClient client = MqttClient.builder().useMqttVersion5().identifier(clientId)
                .serverHost("127.0.0.1").serverPort(port())
                .webSocketConfig().serverPath(path.substring(1)).applyWebSocketConfig()
                .buildBlocking();
        opened.push(() -> {
            if (client.getState().isConnected()) {
                client.disconnect();
            }
        });
        return client;
    }

    /** A Paho MQTT 3 client for {@code ws://127.0.0.1:<port><path>} with this id, not yet connected. */
    org.eclipse.paho.client.mqttv3.MqttClient paho3(String clientId) throws Exception {
        org.eclipse.paho.client.mqttv3.MqttClient client = new org.eclipse.paho.client.mqttv3.MqttClient(
                uri().toString(), clientId, new MemoryPersistence());
        opened.push(() -> {
            if (client.isConnected()) {
                client.disconnectForcibly(0, 1000);
            }
            client.close();
        });
        return client;
    }

    /** A raw WebSocket at the listener's path offering {@code mqtt}, parsing MQTT 3.1.1 (or 5). */
    RawWebSocket raw(boolean mqtt5) throws Exception {
        return raw(uri(), mqtt5, "mqtt");
    }

    /** A raw WebSocket at {@code uri} offering {@code subprotocols}. */
    RawWebSocket raw(URI uri, boolean mqtt5, String... subprotocols) throws Exception {
        RawWebSocket client = RawWebSocket.open(uri, mqtt5, subprotocols);
        opened.push(client);
        return client;
    }
}
