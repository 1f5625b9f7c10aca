package io.petrel.test;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import io.petrel.transport.MqttServer;
import java.util.UUID;

/** Real MQTT clients pointed at a broker under test. */
public final class Clients {

    private Clients() {}

    public static int port(MqttServer server) {
        return server.localPort("tcp").orElseThrow();
    }

    /** A unique client id or topic segment, so that tests never see each other's state. */
    public static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** An MQTT 3.1.1 HiveMQ client, not yet connected. */
    public static Mqtt3BlockingClient mqtt3(MqttServer server, String clientId) {
        return MqttClient.builder().useMqttVersion3().identifier(clientId).serverHost("127.0.0.1")
                .serverPort(port(server)).buildBlocking();
    }

    /** A Paho MQTT 3 client URI for the broker. */
    public static String pahoUri(MqttServer server) {
        return "tcp://127.0.0.1:" + port(server);
    }
}
