package io.petrel.test.cluster;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import io.petrel.test.Clients;
import java.util.ArrayList;
import java.util.List;

/** Connected MQTT 5 clients of cluster nodes, closed together at the end of a test. */
public final class NodeClients implements AutoCloseable {

    /** A connected client and the stream of every message it receives. */
    public record Connected(String clientId, Mqtt5BlockingClient client, Mqtt5BlockingClient.Mqtt5Publishes received) {}

    private final List<Connected> opened = new ArrayList<>();

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

    @Override
    public void close() {
        for (Connected connected : opened) {
            connected.received().close();
            if (connected.client().getState().isConnected()) {
                connected.client().disconnect();
            }
        }
        opened.clear();
    }
}
