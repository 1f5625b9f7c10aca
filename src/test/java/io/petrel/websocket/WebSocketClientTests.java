package io.petrel.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient.Mqtt3Publishes;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient.Mqtt5Publishes;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.petrel.test.BrokerTest;
import io.petrel.test.Clients;
import io.petrel.test.client.Mqtt3Subscriber;
import io.petrel.test.client.Mqtt5Subscriber;
import io.petrel.test.client.TestClients;
import io.petrel.transport.MqttServer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Real MQTT clients over WebSocket (HiveMQ 3.1.1 and 5, Paho 3) and over plain TCP on one broker: what
 * one side publishes, the other receives, both ways, with QoS, retain flag and MQTT 5 properties intact.
 */
@BrokerTest
class WebSocketClientTests {

    @RegisterExtension
    final TestClients clients = new TestClients();

    @RegisterExtension
    final WebSocketClients webSockets = new WebSocketClients();

    @Autowired
    MqttServer server;

    @Test
    void bothListenersAreBoundToTheirOwnPorts() {
        assertThat(server.localPort("ws")).isPresent();
        assertThat(server.localPort("ws").getAsInt()).isNotEqualTo(Clients.port(server));
        assertThat(server.listenerStates()).containsEntry("ws", true).containsEntry("tcp", true);
    }

    @Test
    void hivemqMqtt311ClientOverWebSocketReceivesFromATcpClientAndPublishesToOne() throws Exception {
        String topic = Clients.unique("ws3");
        Mqtt3BlockingClient webSocket = webSockets.hivemq3(Clients.unique("ws3"));
        webSocket.connect();
        Mqtt3Publishes received = clients.publishes(webSocket);
        webSocket.subscribeWith().topicFilter(topic + "/to-ws").qos(MqttQos.EXACTLY_ONCE).send();
        Mqtt3Subscriber tcp = clients.subscriber3(topic + "/to-tcp", MqttQos.EXACTLY_ONCE);

        TestClients.publish(tcp.client(), topic + "/to-ws", MqttQos.EXACTLY_ONCE, "from tcp");
        TestClients.publish(webSocket, topic + "/to-tcp", MqttQos.AT_LEAST_ONCE, "from ws");

        Mqtt3Publish atWebSocket = received.receive(TestClients.PATIENCE.toMillis(), TimeUnit.MILLISECONDS)
                .orElseThrow(() -> new AssertionError("nothing received over WebSocket"));
        assertThat(atWebSocket.getTopic().toString()).isEqualTo(topic + "/to-ws");
        assertThat(TestClients.text(atWebSocket)).isEqualTo("from tcp");
        assertThat(atWebSocket.getQos()).isEqualTo(MqttQos.EXACTLY_ONCE);
        Mqtt3Publish atTcp = tcp.receive();
        assertThat(atTcp.getTopic().toString()).isEqualTo(topic + "/to-tcp");
        assertThat(TestClients.text(atTcp)).isEqualTo("from ws");
        assertThat(atTcp.getQos()).isEqualTo(MqttQos.AT_LEAST_ONCE);
    }

    @Test
    void hivemqMqtt5ClientOverWebSocketReceivesFromATcpClientAndPublishesToOne() throws Exception {
        String topic = Clients.unique("ws5");
        Mqtt5BlockingClient webSocket = webSockets.hivemq5(Clients.unique("ws5"));
        assertThat(webSocket.connect().getReasonCode().isError()).isFalse();
        Mqtt5Publishes received = clients.publishes(webSocket);
        webSocket.subscribeWith().topicFilter(topic + "/to-ws").qos(MqttQos.EXACTLY_ONCE).send();
        Mqtt5Subscriber tcp = clients.subscriber5(topic + "/to-tcp", MqttQos.EXACTLY_ONCE);

        clients.connected5("tcp-pub").publishWith().topic(topic + "/to-ws").qos(MqttQos.EXACTLY_ONCE)
                .payload(TestClients.utf8("from tcp")).userProperties().add("origin", "tcp").applyUserProperties()
                .contentType("text/plain").send();
        webSocket.publishWith().topic(topic + "/to-tcp").qos(MqttQos.AT_LEAST_ONCE).retain(false)
                .payload(TestClients.utf8("from ws")).userProperties().add("origin", "ws").applyUserProperties()
                .send();

        Mqtt5Publish atWebSocket = received.receive(TestClients.PATIENCE.toMillis(), TimeUnit.MILLISECONDS)
                .orElseThrow(() -> new AssertionError("nothing received over WebSocket"));
        assertThat(TestClients.text(atWebSocket)).isEqualTo("from tcp");
        assertThat(atWebSocket.getQos()).isEqualTo(MqttQos.EXACTLY_ONCE);
        assertThat(atWebSocket.getContentType()).hasValueSatisfying(type -> assertThat(type).hasToString("text/plain"));
        assertThat(atWebSocket.getUserProperties().asList()).singleElement()
                .satisfies(property -> assertThat(property.getValue()).hasToString("tcp"));
        Mqtt5Publish atTcp = tcp.receive();
        assertThat(TestClients.text(atTcp)).isEqualTo("from ws");
        assertThat(atTcp.getUserProperties().asList()).singleElement()
                .satisfies(property -> assertThat(property.getValue()).hasToString("ws"));
    }

    @Test
    void retainedMessagePublishedOverTcpReachesANewWebSocketSubscriber() throws Exception {
        String topic = Clients.unique("ws-retained");
        Mqtt3BlockingClient publisher = clients.connected3("tcp-retain");
        publisher.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).retain(true)
                .payload(TestClients.utf8("kept")).send();
        try {
            Mqtt5BlockingClient webSocket = webSockets.hivemq5(Clients.unique("ws-retained-sub"));
            webSocket.connect();
            Mqtt5Publishes received = clients.publishes(webSocket);
            webSocket.subscribeWith().topicFilter(topic).qos(MqttQos.AT_LEAST_ONCE).send();

            Mqtt5Publish retained = received.receive(TestClients.PATIENCE.toMillis(), TimeUnit.MILLISECONDS)
                    .orElseThrow(() -> new AssertionError("no retained message over WebSocket"));
            assertThat(TestClients.text(retained)).isEqualTo("kept");
            assertThat(retained.isRetain()).isTrue();
        } finally {
            publisher.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).retain(true).payload(new byte[0]).send();
        }
    }

    @Test
    void pahoMqtt3ClientOverWebSocketReceivesFromATcpClientAndPublishesToOne() throws Exception {
        String topic = Clients.unique("paho-ws");
        MqttClient webSocket = webSockets.paho3(Clients.unique("paho-ws"));
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        webSocket.setCallback(new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
                received.add("connection lost: " + cause);
            }

            @Override
            public void messageArrived(String arrivedTopic, MqttMessage message) {
                received.add(arrivedTopic + " " + message.getQos() + " "
                        + new String(message.getPayload(), StandardCharsets.UTF_8));
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
            }
        });
        MqttConnectOptions options = new MqttConnectOptions();
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setCleanSession(true);
        webSocket.connect(options);
        webSocket.subscribe(topic + "/to-ws", 2);
        Mqtt3Subscriber tcp = clients.subscriber3(topic + "/to-tcp", MqttQos.EXACTLY_ONCE);

        TestClients.publish(clients.connected3("tcp-pub"), topic + "/to-ws", MqttQos.EXACTLY_ONCE, "from tcp");
        webSocket.publish(topic + "/to-tcp", TestClients.utf8("from paho"), 2, false);

        assertThat(received.poll(TestClients.PATIENCE.toMillis(), TimeUnit.MILLISECONDS))
                .isEqualTo(topic + "/to-ws 2 from tcp");
        Mqtt3Publish atTcp = tcp.receive();
        assertThat(TestClients.text(atTcp)).isEqualTo("from paho");
        assertThat(atTcp.getQos()).isEqualTo(MqttQos.EXACTLY_ONCE);
    }

    @Test
    void webSocketClientsOfDifferentLibrariesExchangeMessages() throws Exception {
        String topic = Clients.unique("ws-to-ws");
        Mqtt5BlockingClient subscriber = webSockets.hivemq5(Clients.unique("ws-sub"));
        subscriber.connect();
        Mqtt5Publishes received = clients.publishes(subscriber);
        subscriber.subscribeWith().topicFilter(topic).qos(MqttQos.AT_LEAST_ONCE).send();
        MqttClient publisher = webSockets.paho3(Clients.unique("ws-pub"));
        publisher.connect();

        publisher.publish(topic, TestClients.utf8("browser to browser"), 1, false);

        Mqtt5Publish message = received.receive(TestClients.PATIENCE.toMillis(), TimeUnit.MILLISECONDS)
                .orElseThrow(() -> new AssertionError("nothing received"));
        assertThat(TestClients.text(message)).isEqualTo("browser to browser");
    }

    @Test
    void manyMessagesOverWebSocketArriveInOrder() throws Exception {
        String topic = Clients.unique("ws-order");
        Mqtt3BlockingClient subscriber = webSockets.hivemq3(Clients.unique("ws-order-sub"));
        subscriber.connect();
        Mqtt3Publishes received = clients.publishes(subscriber);
        subscriber.subscribeWith().topicFilter(topic).qos(MqttQos.AT_LEAST_ONCE).send();
        Mqtt3BlockingClient publisher = clients.connected3("tcp-order");
        byte[] large = new byte[64 * 1024];

        for (int i = 0; i < 200; i++) {
            byte[] payload = i % 50 == 0 ? large : TestClients.utf8("m" + i);
            publisher.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload(payload).send();
        }

        for (int i = 0; i < 200; i++) {
            Mqtt3Publish message = received.receive(TestClients.PATIENCE.toMillis(), TimeUnit.MILLISECONDS)
                    .orElseThrow(() -> new AssertionError("message missing"));
            if (i % 50 == 0) {
                assertThat(message.getPayloadAsBytes()).as("message %d", i).hasSize(large.length);
            } else {
                assertThat(TestClients.text(message)).as("message %d", i).isEqualTo("m" + i);
            }
        }
    }
}
