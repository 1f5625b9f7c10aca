package io.petrel.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient.Mqtt5Publishes;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.petrel.test.BrokerTest;
import io.petrel.test.Clients;
import io.petrel.test.client.Packet;
import io.petrel.test.client.Packets;
import io.petrel.test.client.RawClient;
import io.petrel.test.client.TestClients;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * With {@code mqtt.maximum-packet-size} at 1 KB, no WebSocket frame may be larger either, and a text frame
 * is no MQTT at all: either ends the connection that sent it, and only that one, while a WebSocket client
 * connected at the same time goes on publishing and receiving. The connect timeout (1 s here) counts from
 * the TCP connection, so it also ends a WebSocket handshake that never completes.
 */
@BrokerTest(properties = {"mqtt.listeners.tcp.port=0", "mqtt.listeners.tcp.host=127.0.0.1",
    "management.server.port=0", "mqtt.maximum-packet-size=1KB", "mqtt.connect-timeout=1s"})
class WebSocketLimitsTests {

    private static final int MAXIMUM_PACKET_SIZE = 1024;

    @RegisterExtension
    final TestClients clients = new TestClients();

    @RegisterExtension
    final WebSocketClients webSockets = new WebSocketClients();

    String bystanderTopic;

    Mqtt5BlockingClient bystander;

    Mqtt5Publishes bystanderReceived;

    @BeforeEach
    void connectABystanderOverWebSocket() {
        bystanderTopic = Clients.unique("bystander");
        bystander = webSockets.hivemq5(Clients.unique("bystander"));
        bystander.connect();
        bystanderReceived = clients.publishes(bystander);
        bystander.subscribeWith().topicFilter(bystanderTopic).qos(MqttQos.AT_LEAST_ONCE).send();
    }

    @Test
    void packetOfTheMaximumSizeInOneFrameIsAccepted() throws Exception {
        RawWebSocket client = webSockets.raw(false);
        client.connectSuccessfully(Packets.connect(Clients.unique("fits")).bytes());
        byte[] publish = publishOfSize(MAXIMUM_PACKET_SIZE, 1);

        client.send(publish);

        Packet puback = client.read();
        assertThat(puback.type()).isEqualTo(Packet.PUBACK);
        assertThat(receiveAtBystander().getPayloadAsBytes()).hasSize(payloadSizeOf(MAXIMUM_PACKET_SIZE));
    }

    @Test
    void frameLargerThanTheMaximumPacketSizeClosesOnlyItsOwnConnection() throws Exception {
        RawWebSocket client = webSockets.raw(false);
        client.connectSuccessfully(Packets.connect(Clients.unique("too-large")).bytes());
        // Two packets that fit, in one frame that does not.
        byte[] first = Packets.publish(bystanderTopic, "x".repeat(600), 0, 0);
        byte[] second = Packets.publish(bystanderTopic, "y".repeat(600), 0, 0);
        byte[] frame = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, frame, first.length, second.length);

        client.send(frame);

        assertThat(client.awaitClosed().statusCode()).as("close status: message too big").isEqualTo(1009);
        assertBystanderStillWorks();
    }

    @Test
    void packetLargerThanTheMaximumInSmallFramesIsRefusedAsTooLarge() throws Exception {
        RawWebSocket client = webSockets.raw(true);
        client.connectSuccessfully(Packets.connect5(Clients.unique("too-large-packet")).bytes());
        byte[] publish = Packets.publish5(bystanderTopic, "z".repeat(1500), 0, 0);

        try {
            for (int from = 0; from < publish.length; from += 500) {
                client.send(Arrays.copyOfRange(publish, from, Math.min(from + 500, publish.length)));
            }
        } catch (ExecutionException closedEarly) {
            // The fixed header in the first frame already tells the broker the packet is too large: it may
            // close before the client has sent the rest.
        }

        Packet disconnect = client.read();
        assertThat(disconnect.isDisconnect()).isTrue();
        assertThat(disconnect.reasonCode()).isEqualTo(0x95); // Packet too large
        client.awaitClosed();
        assertBystanderStillWorks();
    }

    @Test
    void textFrameClosesOnlyItsOwnConnection() throws Exception {
        RawWebSocket client = webSockets.raw(false);
        client.connectSuccessfully(Packets.connect(Clients.unique("text")).bytes());

        client.sendText("{\"topic\": \"" + bystanderTopic + "\"}");

        assertThat(client.awaitClosed().statusCode()).as("close status: unsupported data").isEqualTo(1003);
        assertBystanderStillWorks();
    }

    @Test
    void textFrameBeforeConnectClosesTheConnection() throws Exception {
        RawWebSocket client = webSockets.raw(false);

        client.sendText("hello");

        assertThat(client.awaitClosed().statusCode()).as("close status: unsupported data").isEqualTo(1003);
        assertBystanderStillWorks();
    }

    @Test
    void webSocketWithoutConnectIsClosedAfterTheConnectTimeout() throws Exception {
        RawWebSocket client = webSockets.raw(false);

        client.awaitClosed();
        assertBystanderStillWorks();
    }

    @Test
    void unfinishedHandshakeIsClosedAfterTheConnectTimeout() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", webSockets.port())) {
            socket.setSoTimeout((int) RawClient.READ_TIMEOUT.toMillis());
            socket.getOutputStream().write("GET /mqtt HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                    .getBytes(StandardCharsets.US_ASCII));

            assertThat(socket.getInputStream().readAllBytes()).as("bytes sent before closing").isEmpty();
        }
        assertBystanderStillWorks();
    }

    private void assertBystanderStillWorks() throws Exception {
        TestClients.publish(clients.connected5("tcp-pub"), bystanderTopic, MqttQos.AT_LEAST_ONCE, "still working");
        assertThat(TestClients.text(receiveAtBystander())).isEqualTo("still working");
        TestClients.publish(bystander, bystanderTopic, MqttQos.AT_LEAST_ONCE, "and publishing");
        assertThat(TestClients.text(receiveAtBystander())).isEqualTo("and publishing");
    }

    private Mqtt5Publish receiveAtBystander() throws InterruptedException {
        return bystanderReceived.receive(TestClients.PATIENCE.toMillis(), TimeUnit.MILLISECONDS)
                .orElseThrow(() -> new AssertionError("the bystander received nothing"));
    }

    /** An MQTT 3.1.1 QoS 1 PUBLISH to the bystander's topic that is {@code size} bytes long in all. */
    private byte[] publishOfSize(int size, int packetId) {
        byte[] publish = Packets.publish(bystanderTopic, 1, packetId).payload(new byte[payloadSizeOf(size)]).bytes();
        assertThat(publish).hasSize(size);
        return publish;
    }

    /** The payload that makes a QoS 1 PUBLISH to the bystander's topic {@code size} bytes long (remaining length in 2 bytes). */
    private int payloadSizeOf(int size) {
        return size - 1 - 2 - (2 + bystanderTopic.length()) - 2;
    }
}
