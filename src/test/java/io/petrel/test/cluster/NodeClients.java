package io.petrel.test.cluster;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import io.petrel.test.Clients;
import java.util.ArrayList;
import java.util.List;

/** The MQTT clients of cluster nodes a test opens, closed together at the end of it. */
public final class NodeClients implements AutoCloseable {

    /** A connected client and the stream of every message it receives. */
    public record Connected(String clientId, Mqtt5BlockingClient client, Mqtt5BlockingClient.Mqtt5Publishes received) {}

    private final List<Connected> opened = new ArrayList<>();
    private final List<AutoCloseable> others = new ArrayList<>();

    /** Connects a new client with a unique id to the node's MQTT port. */
    public Connected connect(ClusterNodes.Node node, String prefix) {
        String clientId = Clients.unique(prefix);
        Mqtt5BlockingClient client = MqttClient.builder().useMqttVersion5().identifier(clientId)
                .serverHost("127.0.0.1").serverPort(node.mqttPort()).buildBlocking();
        Mqtt5BlockingClient.Mqtt5Publishes received = client.publishes(MqttGlobalPublishFilter.ALL);
        client.connect();
        Connected connected = new Connected(clientId, client, received);
        opened.add(connected);
        return connected;
    }

    /** An MQTT 5 client of the node with exactly this id, not yet connected; disconnected at the end. */
    public Mqtt5BlockingClient mqtt5(ClusterNodes.Node node, String clientId) {
        return register(MqttClient.builder().useMqttVersion5().identifier(clientId).serverHost("127.0.0.1")
                .serverPort(node.mqttPort()).buildBlocking());
    }

    /** An MQTT 5 client built by the caller (listeners, options), disconnected at the end. */
    public Mqtt5BlockingClient register(Mqtt5BlockingClient client) {
        others.add(() -> {
            if (client.getState().isConnected()) {
                client.disconnect();
            }
        });
        return client;
    }

    /** An MQTT 3.1.1 client of the node with exactly this id, not yet connected; disconnected at the end. */
    public Mqtt3BlockingClient mqtt3(ClusterNodes.Node node, String clientId) {
        Mqtt3BlockingClient client = MqttClient.builder().useMqttVersion3().identifier(clientId)
                .serverHost("127.0.0.1").serverPort(node.mqttPort()).buildBlocking();
        others.add(() -> {
            if (client.getState().isConnected()) {
                client.disconnect();
            }
        });
        return client;
    }

    /** Everything the client receives from now on; the stream is closed at the end. */
    public Mqtt5BlockingClient.Mqtt5Publishes publishes(Mqtt5BlockingClient client, boolean manualAcknowledgement) {
        Mqtt5BlockingClient.Mqtt5Publishes received = client.publishes(MqttGlobalPublishFilter.ALL, manualAcknowledgement);
        others.add(received::close);
        return received;
    }

    public Mqtt5BlockingClient.Mqtt5Publishes publishes(Mqtt5BlockingClient client) {
        return publishes(client, false);
    }

    /** Everything the client receives from now on; the stream is closed at the end. */
    public Mqtt3BlockingClient.Mqtt3Publishes publishes(Mqtt3BlockingClient client) {
        Mqtt3BlockingClient.Mqtt3Publishes received = client.publishes(MqttGlobalPublishFilter.ALL);
        others.add(received::close);
        return received;
    }

    @Override
    public void close() {
        for (AutoCloseable other : others) {
            try {
                other.close();
            } catch (Exception alreadyClosed) {
                // the client went away during the test
            }
        }
        others.clear();
        for (Connected connected : opened) {
            connected.received().close();
            if (connected.client().getState().isConnected()) {
                connected.client().disconnect();
            }
        }
        opened.clear();
    }
}
