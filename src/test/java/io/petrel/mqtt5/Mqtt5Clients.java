package io.petrel.mqtt5;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient.Mqtt5Publishes;
import com.hivemq.client.mqtt.mqtt5.Mqtt5ClientBuilder;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.petrel.test.Clients;
import io.petrel.transport.MqttServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/**
 * The clients one MQTT 5 test opens, so that they are all closed after it, whatever happened: HiveMQ MQTT 5
 * (and 3.1.1) clients, Paho v5 clients with what they received, and raw sockets.
 */
final class Mqtt5Clients implements AutoCloseable {

    /** How long a negative check waits for something that must not arrive. */
    static final Duration QUIET = Duration.ofMillis(500);
    /** How long a positive check waits at most. */
    static final Duration PATIENCE = Duration.ofSeconds(10);

    private final MqttServer server;
    private final List<Mqtt5BlockingClient> hivemq = new ArrayList<>();
    private final List<Mqtt3BlockingClient> hivemq3 = new ArrayList<>();
    private final List<AutoCloseable> streams = new ArrayList<>();
    private final Map<org.eclipse.paho.mqttv5.client.MqttClient, PahoInbox> paho = new LinkedHashMap<>();
    private final List<RawMqtt5Client> raw = new ArrayList<>();

    Mqtt5Clients(MqttServer server) {
        this.server = server;
    }

    /** A HiveMQ MQTT 5 client builder for the broker, with this exact id (empty: the broker assigns one). */
    Mqtt5ClientBuilder builder(String clientId) {
        Mqtt5ClientBuilder builder = MqttClient.builder().useMqttVersion5().serverHost("127.0.0.1")
                .serverPort(Clients.port(server));
        return clientId.isEmpty() ? builder : builder.identifier(clientId);
    }

    /** Keeps a client built from {@link #builder}, to close it after the test. */
    Mqtt5BlockingClient register(Mqtt5BlockingClient client) {
        hivemq.add(client);
        return client;
    }

    /** A HiveMQ MQTT 5 client with this exact id, not yet connected. */
    Mqtt5BlockingClient hivemq(String clientId) {
        return register(builder(clientId).buildBlocking());
    }

    /** A HiveMQ MQTT 5 client with a unique id, clean start and no session expiry, connected. */
    Mqtt5BlockingClient connected(String prefix) {
        Mqtt5BlockingClient client = hivemq(Clients.unique(prefix));
        client.connect();
        return client;
    }

    /** Everything {@code client} receives from now on, in order. */
    Mqtt5Publishes publishes(Mqtt5BlockingClient client) {
        Mqtt5Publishes received = client.publishes(MqttGlobalPublishFilter.ALL);
        streams.add(received);
        return received;
    }

    /** A connected MQTT 5 subscriber to {@code filter} and what it receives. */
    Subscriber subscriber(String filter, MqttQos qos) {
        Mqtt5BlockingClient client = connected("sub");
        Mqtt5Publishes received = publishes(client);
        client.subscribeWith().topicFilter(filter).qos(qos).send();
        return new Subscriber(client, received);
    }

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

    /** A HiveMQ MQTT 3.1.1 client with this exact id, not yet connected. */
    Mqtt3BlockingClient mqtt3(String clientId) {
        Mqtt3BlockingClient client = Clients.mqtt3(server, clientId);
        hivemq3.add(client);
        return client;
    }

    /** A Paho MQTT v5 client, not yet connected; what it receives goes to {@link #inbox}. */
    org.eclipse.paho.mqttv5.client.MqttClient paho(String clientId) throws MqttException {
        org.eclipse.paho.mqttv5.client.MqttClient client = new org.eclipse.paho.mqttv5.client.MqttClient(
                Clients.pahoUri(server), clientId, new MemoryPersistence());
        PahoInbox inbox = new PahoInbox();
        client.setCallback(inbox);
        paho.put(client, inbox);
        return client;
    }

    PahoInbox inbox(org.eclipse.paho.mqttv5.client.MqttClient client) {
        return paho.get(client);
    }

    /** A raw MQTT 5 socket, not yet connected. */
    RawMqtt5Client raw() throws IOException {
        RawMqtt5Client client = RawMqtt5Client.open(server, true);
        raw.add(client);
        return client;
    }

    /** A raw MQTT 3.1.1 socket, not yet connected. */
    RawMqtt5Client raw311() throws IOException {
        RawMqtt5Client client = RawMqtt5Client.open(server, false);
        raw.add(client);
        return client;
    }

    /** What a Paho v5 client received: messages and the broker's DISCONNECT. */
    static final class PahoInbox implements MqttCallback {

        record Received(String topic, MqttMessage message) {}

        private final BlockingQueue<Received> messages = new LinkedBlockingQueue<>();
        private final BlockingQueue<MqttDisconnectResponse> disconnects = new LinkedBlockingQueue<>();

        Received receive() throws InterruptedException {
            Received received = messages.poll(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
            if (received == null) {
                throw new AssertionError("no message within " + PATIENCE);
            }
            return received;
        }

        void assertNothingReceived() throws InterruptedException {
            Received received = messages.poll(QUIET.toMillis(), TimeUnit.MILLISECONDS);
            if (received != null) {
                throw new AssertionError("expected no message, got " + received.topic() + " '"
                        + new String(received.message().getPayload(), StandardCharsets.UTF_8) + "'");
            }
        }

        MqttDisconnectResponse disconnected() throws InterruptedException {
            MqttDisconnectResponse response = disconnects.poll(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
            if (response == null) {
                throw new AssertionError("not disconnected within " + PATIENCE);
            }
            return response;
        }

        @Override
        public void disconnected(MqttDisconnectResponse response) {
            disconnects.add(response);
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
            // surfaces as a disconnect
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            messages.add(new Received(topic, message));
        }

        @Override
        public void deliveryComplete(IMqttToken token) {
            // not needed
        }

        @Override
        public void connectComplete(boolean reconnect, String serverUri) {
            // not needed
        }

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {
            // not needed
        }
    }

    static String text(Mqtt5Publish publish) {
        return new String(publish.getPayloadAsBytes(), StandardCharsets.UTF_8);
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        for (AutoCloseable stream : streams) {
            try {
                stream.close();
            } catch (Exception e) {
                // already closed
            }
        }
        for (Mqtt5BlockingClient client : hivemq) {
            if (client.getState().isConnected()) {
                try {
                    client.disconnect();
                } catch (RuntimeException e) {
                    // already going away
                }
            }
        }
        for (Mqtt3BlockingClient client : hivemq3) {
            if (client.getState().isConnected()) {
                try {
                    client.disconnect();
                } catch (RuntimeException e) {
                    // already going away
                }
            }
        }
        for (org.eclipse.paho.mqttv5.client.MqttClient client : paho.keySet()) {
            try {
                if (client.isConnected()) {
                    client.disconnectForcibly(0, 1000);
                }
                client.close();
            } catch (MqttException e) {
                // already going away
            }
        }
        for (RawMqtt5Client client : raw) {
            try {
                client.close();
            } catch (IOException e) {
                // already closed
            }
        }
    }
}
