package io.petrel.flows;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient.Mqtt3Publishes;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import io.petrel.test.Clients;
import io.petrel.transport.MqttServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * The clients one test opens, so that they are all closed after it, whatever happened: HiveMQ MQTT 3.1.1
 * clients, Paho MQTT 3 clients and raw sockets.
 */
final class FlowClients implements AutoCloseable {

    /** How long a negative check waits for something that must not arrive. */
    static final long QUIET_MILLIS = 500;

    private final MqttServer server;
    private final List<Mqtt3BlockingClient> hivemq = new ArrayList<>();
    private final List<Mqtt3Publishes> publishes = new ArrayList<>();
    private final List<MqttClient> paho = new ArrayList<>();
    private final List<RawClient> raw = new ArrayList<>();

    FlowClients(MqttServer server) {
        this.server = server;
    }

    /** A HiveMQ MQTT 3.1.1 client with this exact id, not yet connected. */
    Mqtt3BlockingClient hivemq(String clientId) {
        Mqtt3BlockingClient client = Clients.mqtt3(server, clientId);
        hivemq.add(client);
        return client;
    }

    /** A HiveMQ MQTT 3.1.1 client with a unique id and a clean session, connected. */
    Mqtt3BlockingClient connected(String prefix) {
        Mqtt3BlockingClient client = hivemq(Clients.unique(prefix));
        client.connect();
        return client;
    }

    /** Everything {@code client} receives from now on, in order. */
    Mqtt3Publishes publishes(Mqtt3BlockingClient client) {
        Mqtt3Publishes received = client.publishes(MqttGlobalPublishFilter.ALL);
        publishes.add(received);
        return received;
    }

    /** A connected subscriber to {@code filter} and what it receives. */
    Subscriber subscriber(String filter, MqttQos qos) {
        Mqtt3BlockingClient client = connected("sub");
        Mqtt3Publishes received = publishes(client);
        client.subscribeWith().topicFilter(filter).qos(qos).send();
        return new Subscriber(client, received);
    }

    record Subscriber(Mqtt3BlockingClient client, Mqtt3Publishes publishes) {

        Mqtt3Publish receive() throws InterruptedException {
            return publishes.receive(10, TimeUnit.SECONDS)
                    .orElseThrow(() -> new AssertionError("no message within 10 s"));
        }

        /** Fails when a message arrives within {@link #QUIET_MILLIS}. */
        void assertNothingReceived() throws InterruptedException {
            publishes.receive(QUIET_MILLIS, TimeUnit.MILLISECONDS).ifPresent(message -> {
                throw new AssertionError("expected no message, got " + message + " '" + text(message) + "'");
            });
        }
    }

    /** A Paho MQTT 3 client, not yet connected. */
    MqttClient paho(String clientId) throws MqttException {
        MqttClient client = new MqttClient(Clients.pahoUri(server), clientId, new MemoryPersistence());
        paho.add(client);
        return client;
    }

    RawClient raw() throws IOException {
        RawClient client = RawClient.open(server);
        raw.add(client);
        return client;
    }

    RawClient raw(RawPackets.Connect connect) throws IOException {
        RawClient client = RawClient.connected(server, connect);
        raw.add(client);
        return client;
    }

    /** Publishes and, for QoS 1 and 2, waits for the broker's acknowledgement. */
    static void publish(Mqtt3BlockingClient client, String topic, MqttQos qos, String payload) {
        client.publishWith().topic(topic).qos(qos).payload(utf8(payload)).send();
    }

    static String text(Mqtt3Publish publish) {
        return new String(publish.getPayloadAsBytes(), StandardCharsets.UTF_8);
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        publishes.forEach(Mqtt3Publishes::close);
        for (Mqtt3BlockingClient client : hivemq) {
            if (client.getState().isConnected()) {
                try {
                    client.disconnect();
                } catch (RuntimeException e) {
                    // already going away
                }
            }
        }
        for (MqttClient client : paho) {
            try {
                if (client.isConnected()) {
                    client.disconnectForcibly(0, 1000);
                }
                client.close();
            } catch (MqttException e) {
                // already going away
            }
        }
        for (RawClient client : raw) {
            try {
                client.close();
            } catch (IOException e) {
                // already closed
            }
        }
    }
}
