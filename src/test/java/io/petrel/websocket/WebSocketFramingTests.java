package io.petrel.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import io.petrel.test.BrokerTest;
import io.petrel.test.Clients;
import io.petrel.test.client.Mqtt3Subscriber;
import io.petrel.test.client.Packet;
import io.petrel.test.client.Packets;
import io.petrel.test.client.TestClients;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * MQTT over WebSocket is a byte stream in binary frames (MQTT 5.0, 6.0): a packet may span frames, also
 * the fragments of one message, and a frame may hold several packets; every packet the broker sends comes
 * in a binary frame of its own. Raw bytes over the JDK's WebSocket client.
 */
@BrokerTest
class WebSocketFramingTests {

    @RegisterExtension
    final TestClients clients = new TestClients();

    @RegisterExtension
    final WebSocketClients webSockets = new WebSocketClients();

    @Test
    void connectSplitOverSeveralBinaryFramesGetsConnack() throws Exception {
        RawWebSocket client = webSockets.raw(false);
        byte[][] parts = split(Packets.connect(Clients.unique("split")).keepAlive(30).bytes(), 1, 3, 7);

        client.send(parts);

        Packet connack = client.read();
        assertThat(connack.type()).isEqualTo(Packet.CONNACK);
        assertThat(connack.reasonCode()).isZero();
    }

    @Test
    void connectInAFragmentedMessageGetsConnack() throws Exception {
        RawWebSocket client = webSockets.raw(true);
        byte[][] parts = split(Packets.connect5(Clients.unique("fragmented")).bytes(), 2, 9);

        client.sendFrame(parts[0], false).sendFrame(parts[1], false).sendFrame(parts[2], true);

        Packet connack = client.read();
        assertThat(connack.type()).isEqualTo(Packet.CONNACK);
        assertThat(connack.reasonCode()).isZero();
        assertThat(connack.properties().integer(Packets.MAXIMUM_PACKET_SIZE)).isPositive();
    }

    @Test
    void severalPacketsInOneBinaryFrameGetTheirAnswersInOrder() throws Exception {
        RawWebSocket client = webSockets.raw(false);
        String topic = Clients.unique("one-frame");

        client.send(concat(Packets.connect(Clients.unique("one-frame")).bytes(),
                Packets.subscribe(7, topic, 1, topic + "/more", 2), Packets.PINGREQ));

        Packet connack = client.read();
        assertThat(connack.type()).isEqualTo(Packet.CONNACK);
        assertThat(connack.reasonCode()).isZero();
        Packet suback = client.read();
        assertThat(suback.type()).isEqualTo(Packet.SUBACK);
        assertThat(suback.packetId()).isEqualTo(7);
        assertThat(suback.reasonCodes()).containsExactly(1, 2);
        assertThat(client.read().type()).isEqualTo(Packet.PINGRESP);
    }

    @Test
    void framesMayEndAndStartInTheMiddleOfPackets() throws Exception {
        RawWebSocket client = webSockets.raw(false);
        String topic = Clients.unique("straddle");
        Mqtt3Subscriber subscriber = clients.subscriber3(topic, MqttQos.AT_LEAST_ONCE);
        byte[] stream = concat(Packets.connect(Clients.unique("straddle")).bytes(),
                Packets.publish(topic, "first", 1, 1), Packets.publish(topic, "second", 0, 0), Packets.PINGREQ);

        // Cut at every fifth byte: most frames hold the end of one packet and the start of the next.
        for (int from = 0; from < stream.length; from += 5) {
            client.send(Arrays.copyOfRange(stream, from, Math.min(from + 5, stream.length)));
        }

        assertThat(client.read().type()).isEqualTo(Packet.CONNACK);
        Packet puback = client.read();
        assertThat(puback.type()).isEqualTo(Packet.PUBACK);
        assertThat(puback.packetId()).isEqualTo(1);
        assertThat(client.read().type()).isEqualTo(Packet.PINGRESP);
        assertThat(TestClients.text(subscriber.receive())).isEqualTo("first");
        assertThat(TestClients.text(subscriber.receive())).isEqualTo("second");
    }

    @Test
    void messagesPublishedOverTcpArriveInBinaryFramesOfOnePacketEach() throws Exception {
        RawWebSocket client = webSockets.raw(true);
        String topic = Clients.unique("binary");
        client.connectSuccessfully(Packets.connect5(Clients.unique("binary")).bytes());
        client.send(Packets.subscribe5(1, 0, topic, 1));
        assertThat(client.read().type()).isEqualTo(Packet.SUBACK);
        Mqtt3BlockingClient publisher = clients.connected3("tcp-pub");

        for (int i = 0; i < 3; i++) {
            TestClients.publish(publisher, topic, MqttQos.AT_LEAST_ONCE, "message " + i);
        }

        for (int i = 0; i < 3; i++) {
            Packet publish = client.read();
            assertThat(publish.isPublish()).isTrue();
            assertThat(publish.topic()).isEqualTo(topic);
            assertThat(publish.qos()).isEqualTo(1);
            assertThat(publish.payload()).isEqualTo("message " + i);
            client.send(Packets.puback(publish.packetId()));
        }
        client.assertResponsive();
        assertThat(client.textReceived()).as("a text frame from the broker").isFalse();
    }

    @Test
    void connectWithAnUnsupportedProtocolLevelIsRefusedInABinaryFrame() throws Exception {
        RawWebSocket client = webSockets.raw(false);

        Packet connack = client.send(Packets.connect(Clients.unique("level-6")).level(6).bytes()).read();

        assertThat(connack.type()).isEqualTo(Packet.CONNACK);
        assertThat(connack.reasonCode()).as("unacceptable protocol version").isEqualTo(1);
        client.awaitClosed();
    }

    @Test
    void closeFrameWithoutDisconnectIsAnsweredAndReleasesTheWill() throws Exception {
        String willTopic = Clients.unique("will");
        Mqtt3Subscriber subscriber = clients.subscriber3(willTopic, MqttQos.AT_LEAST_ONCE);
        RawWebSocket client = webSockets.raw(false);
        client.connectSuccessfully(Packets.connect(Clients.unique("will")).will(willTopic, "gone", 1, false).bytes());

        client.sendClose(1001, "going away");

        assertThat(client.awaitClosed().statusCode()).as("the broker's close frame").isNotEqualTo(-1);
        assertThat(TestClients.text(subscriber.receive())).isEqualTo("gone");
    }

    @Test
    void disconnectBeforeCloseFrameDiscardsTheWill() throws Exception {
        String willTopic = Clients.unique("no-will");
        Mqtt3Subscriber subscriber = clients.subscriber3(willTopic, MqttQos.AT_LEAST_ONCE);
        RawWebSocket client = webSockets.raw(false);
        client.connectSuccessfully(Packets.connect(Clients.unique("no-will")).will(willTopic, "gone", 1, false).bytes());

        client.send(Packets.DISCONNECT);

        client.awaitClosed();
        subscriber.assertNothingReceived();
    }

    @Test
    void mqttSubprotocolIsSelectedAndEchoed() throws Exception {
        RawWebSocket client = webSockets.raw(webSockets.uri(), false, "mqtt");

        assertThat(client.subprotocol()).isEqualTo("mqtt");
        client.connectSuccessfully(Packets.connect(Clients.unique("echo")).bytes());
    }

    @Test
    void mqttIsSelectedAmongOtherOfferedSubprotocols() throws Exception {
        RawWebSocket client = webSockets.raw(webSockets.uri(), false, "chat", "mqtt");

        assertThat(client.subprotocol()).isEqualTo("mqtt");
        client.connectSuccessfully(Packets.connect(Clients.unique("among")).bytes());
    }

    @Test
    void mqttv31SubprotocolCarriesMqtt31() throws Exception {
        RawWebSocket client = webSockets.raw(webSockets.uri(), false, "mqttv3.1");
        String topic = Clients.unique("v31");
        assertThat(client.subprotocol()).isEqualTo("mqttv3.1");

        // Protocol name MQIsdp, level 3.
        client.connectSuccessfully(Packets.connect(Clients.unique("v31")).level(3).bytes());
        client.send(Packets.subscribe(1, topic, 0));
        assertThat(client.read().reasonCodes()).containsExactly(0);
        TestClients.publish(clients.connected3("tcp-pub"), topic, MqttQos.AT_MOST_ONCE, "to 3.1");

        Packet publish = client.read();
        assertThat(publish.topic()).isEqualTo(topic);
        assertThat(publish.payload()).isEqualTo("to 3.1");
    }

    @Test
    void handshakeOfferingNoSubprotocolIsRefusedWithBadRequest() throws Exception {
        assertThat(RawWebSocket.refusedHandshake(webSockets.uri()).getResponse().statusCode()).isEqualTo(400);
        assertConnectionsStillAccepted();
    }

    @Test
    void handshakeOfferingOnlyOtherSubprotocolsIsRefusedWithBadRequest() throws Exception {
        assertThat(RawWebSocket.refusedHandshake(webSockets.uri(), "chat", "mqttv5").getResponse().statusCode())
                .isEqualTo(400);
        assertConnectionsStillAccepted();
    }

    @Test
    void handshakeAtAnotherPathIsRefusedWithNotFound() throws Exception {
        assertThat(RawWebSocket.refusedHandshake(webSockets.uri("/other"), "mqtt").getResponse().statusCode())
                .isEqualTo(404);
        assertThat(RawWebSocket.refusedHandshake(webSockets.uri("/mqtt/more"), "mqtt").getResponse().statusCode())
                .isEqualTo(404);
        assertThat(RawWebSocket.refusedHandshake(webSockets.uri("/"), "mqtt").getResponse().statusCode())
                .isEqualTo(404);
        // Percent-encoded "/mqtt": the path is compared as sent, as Netty's handshake compares it.
        assertThat(RawWebSocket.refusedHandshake(webSockets.uri("/mq%74t"), "mqtt").getResponse().statusCode())
                .isEqualTo(404);
        assertConnectionsStillAccepted();
    }

    @Test
    void handshakeWithAQueryStringIsAccepted() throws Exception {
        RawWebSocket client = webSockets.raw(webSockets.uri("/mqtt?token=abc"), false, "mqtt");

        assertThat(client.subprotocol()).isEqualTo("mqtt");
        client.connectSuccessfully(Packets.connect(Clients.unique("query")).bytes());
        client.assertResponsive();
    }

    @Test
    void plainHttpRequestsAreRefused() throws Exception {
        assertThat(httpGet("/mqtt").statusCode()).isEqualTo(400);
        assertThat(httpGet("/mqtt").body()).contains("WebSocket");
        assertThat(httpGet("/other").statusCode()).isEqualTo(404);
        assertConnectionsStillAccepted();
    }

    @Test
    void webSocketPingIsAnsweredWithPong() throws Exception {
        RawWebSocket client = webSockets.raw(false);
        client.connectSuccessfully(Packets.connect(Clients.unique("ping")).bytes());

        assertThat(client.ping("are you there")).isEqualTo("are you there");
        client.assertResponsive();
    }

    private HttpResponse<String> httpGet(String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + webSockets.port() + path))
                .timeout(TestClients.PATIENCE).build();
        return RawWebSocket.HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private void assertConnectionsStillAccepted() throws Exception {
        webSockets.raw(false).connectSuccessfully(Packets.connect(Clients.unique("after")).bytes()).assertResponsive();
    }

    /** {@code bytes} cut before each of {@code at} (ascending offsets). */
    private static byte[][] split(byte[] bytes, int... at) {
        byte[][] parts = new byte[at.length + 1][];
        int from = 0;
        for (int i = 0; i < at.length; i++) {
            parts[i] = Arrays.copyOfRange(bytes, from, at[i]);
            from = at[i];
        }
        parts[at.length] = Arrays.copyOfRange(bytes, from, bytes.length);
        return parts;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
