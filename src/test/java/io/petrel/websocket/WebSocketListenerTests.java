package io.petrel.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient.Mqtt3Publishes;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient.Mqtt5Publishes;
import io.petrel.test.BrokerTest;
import io.petrel.test.Clients;
import io.petrel.test.client.Mqtt3Subscriber;
import io.petrel.test.client.Packets;
import io.petrel.test.client.TestClients;
import io.petrel.transport.MqttServer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The {@code ws} listener at a path of its own, and a second WebSocket listener of another name: each
 * answers at its own path only, and clients of all three listeners share one broker.
 */
@BrokerTest(properties = {"mqtt.listeners.tcp.port=0", "mqtt.listeners.tcp.host=127.0.0.1",
    "management.server.port=0", "mqtt.listeners.ws.path=/broker", "mqtt.listeners.browsers.kind=ws",
    "mqtt.listeners.browsers.host=127.0.0.1", "mqtt.listeners.browsers.port=0"})
class WebSocketListenerTests {

    @RegisterExtension
    final TestClients clients = new TestClients();

    @RegisterExtension
    final WebSocketClients ws = new WebSocketClients("ws", "/broker");

    @RegisterExtension
    final WebSocketClients browsers = new WebSocketClients("browsers", "/mqtt");

    @Autowired
    MqttServer server;

    @Test
    void secondWebSocketListenerIsBoundToAPortOfItsOwn() {
        assertThat(server.listenerStates()).containsEntry("tcp", true).containsEntry("ws", true)
                .containsEntry("browsers", true);
        assertThat(browsers.port()).isNotEqualTo(ws.port()).isNotEqualTo(Clients.port(server));
    }

    @Test
    void webSocketListenerAnswersAtItsCustomPathOnly() throws Exception {
        ws.raw(false).connectSuccessfully(Packets.connect(Clients.unique("custom-path")).bytes()).assertResponsive();

        assertThat(RawWebSocket.refusedHandshake(ws.uri("/mqtt"), "mqtt").getResponse().statusCode())
                .isEqualTo(404);
    }

    @Test
    void secondListenerAnswersAtTheDefaultPath() throws Exception {
        browsers.raw(true).connectSuccessfully(Packets.connect5(Clients.unique("browsers")).bytes())
                .assertResponsive();

        assertThat(RawWebSocket.refusedHandshake(browsers.uri("/broker"), "mqtt").getResponse().statusCode())
                .isEqualTo(404);
    }

    @Test
    void clientsOfBothWebSocketListenersAndTcpShareOneBroker() throws Exception {
        String topic = Clients.unique("three-listeners");
        Mqtt5BlockingClient atCustomPath = ws.hivemq5(Clients.unique("at-broker"));
        atCustomPath.connect();
        Mqtt5Publishes customPathReceived = clients.publishes(atCustomPath);
        atCustomPath.subscribeWith().topicFilter(topic + "/#").qos(MqttQos.AT_LEAST_ONCE).send();
        Mqtt3BlockingClient atBrowsers = browsers.hivemq3(Clients.unique("at-browsers"));
        atBrowsers.connect();
        Mqtt3Publishes browsersReceived = clients.publishes(atBrowsers);
        atBrowsers.subscribeWith().topicFilter(topic + "/#").qos(MqttQos.AT_LEAST_ONCE).send();
        Mqtt3Subscriber tcp = clients.subscriber3(topic + "/#", MqttQos.AT_LEAST_ONCE);

        TestClients.publish(atCustomPath, topic + "/ws", MqttQos.AT_LEAST_ONCE, "from ws");
        TestClients.publish(atBrowsers, topic + "/browsers", MqttQos.AT_LEAST_ONCE, "from browsers");
        TestClients.publish(tcp.client(), topic + "/tcp", MqttQos.AT_LEAST_ONCE, "from tcp");

        List<String> atWs = new ArrayList<>();
        List<String> atBrowser = new ArrayList<>();
        List<String> atTcp = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            atWs.add(TestClients.text(customPathReceived.receive(TestClients.PATIENCE.toMillis(), TimeUnit.MILLISECONDS)
                    .orElseThrow(() -> new AssertionError("ws client: only " + atWs))));
            atBrowser.add(TestClients.text(browsersReceived.receive(TestClients.PATIENCE.toMillis(), TimeUnit.MILLISECONDS)
                    .orElseThrow(() -> new AssertionError("browsers client: only " + atBrowser))));
            atTcp.add(TestClients.text(tcp.receive()));
        }
        assertThat(atWs).containsExactlyInAnyOrder("from ws", "from browsers", "from tcp");
        assertThat(atBrowser).containsExactlyInAnyOrder("from ws", "from browsers", "from tcp");
        assertThat(atTcp).containsExactlyInAnyOrder("from ws", "from browsers", "from tcp");
        assertThat(server.listenerStats().get("browsers").openConnections()).isPositive();
    }
}
