package io.petrel.test.client;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient.Mqtt3Publishes;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient.Mqtt5Publishes;
import com.hivemq.client.mqtt.mqtt5.Mqtt5ClientBuilder;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult;
import io.petrel.test.Clients;
import io.petrel.transport.MqttServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.test.context.junit.jupiter.SpringExtension;

/**
 * The clients one test opens against the broker of its Spring context, all closed after it whatever
 * happened: HiveMQ MQTT 3.1.1 and MQTT 5 clients, Paho MQTT 3 and MQTT 5 clients, and {@link RawClient}s.
 * The methods ending in 3 (or 311) and 5 make clients of that MQTT version. Register it in the test class:
 *
 * <pre>{@code @RegisterExtension final TestClients clients = new TestClients();}</pre>
 *
 * It finds the {@link MqttServer} before each test (before the class's {@code @BeforeEach} methods, which
 * may open clients) and closes the clients after each test (after the class's {@code @AfterEach} methods,
 * which may still use them).
 */
public final class TestClients implements BeforeEachCallback, AfterEachCallback {

    /** How long a negative check waits for something that must not arrive. */
    public static final Duration QUIET = Duration.ofMillis(500);

    /** How long a test waits for something that must arrive. */
    public static final Duration PATIENCE = Duration.ofSeconds(10);

    private MqttServer server;

    /** What to close after the test, the last opened first. */
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

    /** A HiveMQ MQTT 3.1.1 client with this exact id, not yet connected. */
    public Mqtt3BlockingClient hivemq3(String clientId) {
        Mqtt3BlockingClient client = Clients.mqtt3(server, clientId);
        opened.push(() -> {
            if (client.getState().isConnected()) {
                client.disconnect();
            }
        });
        return client;
    }

    /** A HiveMQ MQTT 5 client builder for the broker, with this exact id (empty: the broker assigns one). */
    public Mqtt5ClientBuilder hivemq5Builder(String clientId) {
        Mqtt5ClientBuilder builder = MqttClient.builder().useMqttVersion5().serverHost("127.0.0.1")
                .serverPort(Clients.port(server));
        return clientId.isEmpty() ? builder : builder.identifier(clientId);
    }

    /** Keeps a client built from {@link #hivemq5Builder}, to close it after the test. */
    public Mqtt5BlockingClient register(Mqtt5BlockingClient client) {
        opened.push(() -> {
            if (client.getState().isConnected()) {
                client.disconnect();
            }
        });
        return client;
    }

    /** A HiveMQ MQTT 5 client with this exact id (empty: the broker assigns one), not yet connected. */
    public Mqtt5BlockingClient hivemq5(String clientId) {
        return register(hivemq5Builder(clientId).buildBlocking());
    }

    /** A HiveMQ MQTT 3.1.1 client with a unique id and a clean session, connected. */
    public Mqtt3BlockingClient connected3(String prefix) {
        Mqtt3BlockingClient client = hivemq3(Clients.unique(prefix));
        client.connect();
        return client;
    }

    /** A HiveMQ MQTT 5 client with a unique id, clean start and no session expiry, connected. */
    public Mqtt5BlockingClient connected5(String prefix) {
        Mqtt5BlockingClient client = hivemq5(Clients.unique(prefix));
        client.connect();
        return client;
    }

    /** Everything {@code client} receives from now on, in order. */
    public Mqtt3Publishes publishes(Mqtt3BlockingClient client) {
        Mqtt3Publishes received = client.publishes(MqttGlobalPublishFilter.ALL);
        opened.push(received::close);
        return received;
    }

    /** Everything {@code client} receives from now on, in order. */
    public Mqtt5Publishes publishes(Mqtt5BlockingClient client) {
        return publishes(client, false);
    }

    /** Everything {@code client} receives from now on, in order; acknowledged by the test when {@code manual}. */
    public Mqtt5Publishes publishes(Mqtt5BlockingClient client, boolean manualAcknowledgement) {
        Mqtt5Publishes received = client.publishes(MqttGlobalPublishFilter.ALL, manualAcknowledgement);
        opened.push(received::close);
        return received;
    }

    /** A connected MQTT 3.1.1 subscriber to {@code filter} and what it receives. */
    public Mqtt3Subscriber subscriber3(String filter, MqttQos qos) {
        Mqtt3BlockingClient client = connected3("sub");
        Mqtt3Publishes received = publishes(client);
        client.subscribeWith().topicFilter(filter).qos(qos).send();
        return new Mqtt3Subscriber(client, received);
    }

    /** A connected MQTT 5 client and what it receives, not yet subscribed. */
    public Mqtt5Subscriber subscriber5(String prefix) {
        Mqtt5BlockingClient client = connected5(prefix);
        return new Mqtt5Subscriber(client, publishes(client));
    }

    /** A connected MQTT 5 subscriber to {@code filter} and what it receives. */
    public Mqtt5Subscriber subscriber5(String filter, MqttQos qos) {
        Mqtt5Subscriber subscriber = subscriber5("sub");
        subscriber.client().subscribeWith().topicFilter(filter).qos(qos).send();
        return subscriber;
    }

    /** A Paho MQTT 3 client with this exact id, not yet connected. */
    public org.eclipse.paho.client.mqttv3.MqttClient paho3(String clientId)
            throws org.eclipse.paho.client.mqttv3.MqttException {
        org.eclipse.paho.client.mqttv3.MqttClient client = new org.eclipse.paho.client.mqttv3.MqttClient(
                Clients.pahoUri(server), clientId, new org.eclipse.paho.client.mqttv3.persist.MemoryPersistence());
        opened.push(() -> {
            if (client.isConnected()) {
                client.disconnectForcibly(0, 1000);
            }
            client.close();
        });
        return client;
    }

    /** A Paho MQTT 5 client with this exact id, not yet connected, recording what it receives. */
    public Paho5Client paho5(String clientId) throws org.eclipse.paho.mqttv5.common.MqttException {
        Paho5Client client = new Paho5Client(Clients.pahoUri(server), clientId);
        opened.push(client::close);
        return client;
    }

    /** A raw MQTT 3.1.1 socket, not yet connected. */
    public RawClient raw311() throws IOException {
        return keep(RawClient.open(server, 4));
    }

    /** A raw MQTT 5 socket, not yet connected. */
    public RawClient raw5() throws IOException {
        return keep(RawClient.open(server, 5));
    }

    /** A raw socket that completed this CONNECT successfully, speaking the MQTT version it names. */
    public RawClient raw(Packets.Connect connect) throws IOException {
        RawClient client = keep(RawClient.open(server, connect.level()));
        client.connectSuccessfully(connect);
        return client;
    }

    private RawClient keep(RawClient client) {
        opened.push(client);
        return client;
    }

    /** Publishes and, for QoS 1 and 2, waits for the broker's acknowledgement. */
    public static void publish(Mqtt3BlockingClient client, String topic, MqttQos qos, String payload) {
        client.publishWith().topic(topic).qos(qos).payload(utf8(payload)).send();
    }

    /** Publishes and, for QoS 1 and 2, waits for the broker's acknowledgement, which it returns. */
    public static Mqtt5PublishResult publish(Mqtt5BlockingClient client, String topic, MqttQos qos, String payload) {
        return client.publishWith().topic(topic).qos(qos).payload(utf8(payload)).send();
    }

    public static String text(Mqtt3Publish publish) {
        return new String(publish.getPayloadAsBytes(), StandardCharsets.UTF_8);
    }

    public static String text(Mqtt5Publish publish) {
        return new String(publish.getPayloadAsBytes(), StandardCharsets.UTF_8);
    }

    public static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
