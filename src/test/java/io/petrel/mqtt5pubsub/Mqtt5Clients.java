package io.petrel.mqtt5pubsub;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient.Mqtt5Publishes;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult;
import io.petrel.test.Clients;
import io.petrel.transport.MqttServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.common.MqttException;

/**
 * The clients one test opens, so that they are all closed after it, whatever happened: HiveMQ MQTT 5
 * clients, Paho MQTT 5 clients and raw MQTT 5 sockets.
 */
final class Mqtt5Clients implements AutoCloseable {

    /** How long a negative check waits for something that must not arrive. */
    static final Duration QUIET = Duration.ofMillis(500);

    /** How long a test waits for something that must arrive. */
    static final Duration PATIENCE = Duration.ofSeconds(10);

    private final MqttServer server;
    private final List<Mqtt5BlockingClient> hivemq = new ArrayList<>();
    private final List<Mqtt5Publishes> publishes = new ArrayList<>();
    private final List<PahoClient> paho = new ArrayList<>();
    private final List<RawMqtt5Client> raw = new ArrayList<>();

    Mqtt5Clients(MqttServer server) {
        this.server = server;
    }

    /** A HiveMQ MQTT 5 client with this exact id, not yet connected. */
    Mqtt5BlockingClient hivemq(String clientId) {
        Mqtt5BlockingClient client = MqttClient.builder().useMqttVersion5().identifier(clientId)
                .serverHost("127.0.0.1").serverPort(Clients.port(server)).buildBlocking();
        hivemq.add(client);
        return client;
    }

    /** A HiveMQ MQTT 5 client with a unique id, clean start and no session expiry, connected. */
    Mqtt5BlockingClient connected(String prefix) {
        Mqtt5BlockingClient client = hivemq(Clients.unique(prefix));
        client.connect();
        return client;
    }

    /** Everything {@code client} receives from now on, in order. */
    Mqtt5Publishes publishes(Mqtt5BlockingClient client) {
        return publishes(client, false);
    }

    /** Everything {@code client} receives from now on, in order; acknowledged by the test when {@code manual}. */
    Mqtt5Publishes publishes(Mqtt5BlockingClient client, boolean manualAcknowledgement) {
        Mqtt5Publishes received = client.publishes(MqttGlobalPublishFilter.ALL, manualAcknowledgement);
        publishes.add(received);
        return received;
    }

    /** A connected client and what it receives, not yet subscribed. */
    Subscriber subscriber(String prefix) {
        Mqtt5BlockingClient client = connected(prefix);
        return new Subscriber(client, publishes(client));
    }

    /** A connected subscriber to {@code filter} and what it receives. */
    Subscriber subscriber(String filter, MqttQos qos) {
        Subscriber subscriber = subscriber("sub");
        subscriber.client().subscribeWith().topicFilter(filter).qos(qos).send();
        return subscriber;
    }

    /** A Paho MQTT 5 client with this exact id, not yet connected, recording what it receives. */
    PahoClient paho(String clientId) throws MqttException {
        PahoClient client = new PahoClient(Clients.pahoUri(server), clientId);
        paho.add(client);
        return client;
    }

    RawMqtt5Client raw(Mqtt5Packets.Connect connect) throws IOException {
        RawMqtt5Client client = RawMqtt5Client.connected(server, connect);
        raw.add(client);
        return client;
    }

    /** Publishes and, for QoS 1 and 2, waits for the broker's acknowledgement. */
    static Mqtt5PublishResult publish(Mqtt5BlockingClient client, String topic, MqttQos qos, String payload) {
        return client.publishWith().topic(topic).qos(qos).payload(utf8(payload)).send();
    }

    static String text(Mqtt5Publish publish) {
        return new String(publish.getPayloadAsBytes(), StandardCharsets.UTF_8);
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** A HiveMQ client and what it receives. */
    record Subscriber(Mqtt5BlockingClient client, Mqtt5Publishes publishes) {

        Mqtt5Publish receive() throws InterruptedException {
            return publishes.receive(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)
                    .orElseThrow(() -> new AssertionError("no message within " + PATIENCE));
        }

        /** Fails when a message arrives within {@link #QUIET}. */
        void assertNothingReceived() throws InterruptedException {
            publishes.receive(QUIET.toMillis(), TimeUnit.MILLISECONDS).ifPresent(message -> {
                throw new AssertionError("expected no message, got " + message + " '" + text(message) + "'");
            });
        }
    }

    @Override
    public void close() {
        publishes.forEach(Mqtt5Publishes::close);
        for (Mqtt5BlockingClient client : hivemq) {
            if (client.getState().isConnected()) {
                try {
                    client.disconnect();
                } catch (RuntimeException e) {
                    // already going away
                }
            }
        }
        paho.forEach(PahoClient::close);
        for (RawMqtt5Client client : raw) {
            try {
                client.close();
            } catch (IOException e) {
                // already closed
            }
        }
    }
}
