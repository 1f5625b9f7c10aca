package io.petrel.mqtt5;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.datatypes.MqttUtf8String;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5DisconnectException;
import com.hivemq.client.mqtt.mqtt5.message.disconnect.Mqtt5Disconnect;
import com.hivemq.client.mqtt.mqtt5.message.disconnect.Mqtt5DisconnectReasonCode;
import io.petrel.mqtt5.Mqtt5Clients.Subscriber;
import io.petrel.mqtt5.RawMqtt5Client.Packet;
import io.petrel.test.BrokerTest;
import io.petrel.test.Clients;
import io.petrel.transport.MqttServer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * DISCONNECT from the broker to MQTT 5 clients: the reason code for a session takeover (0x8E), a keep-alive
 * timeout (0x8D), a malformed packet (0x81), a protocol error (0x82) and an invalid topic alias (0x94),
 * with a reason string only for clients that accept problem information.
 */
@BrokerTest
class ServerDisconnectTests {

    @Autowired
    MqttServer server;

    Mqtt5Clients clients;

    @BeforeEach
    void openClients() {
        clients = new Mqtt5Clients(server);
    }

    @AfterEach
    void closeClients() {
        clients.close();
    }

    @Test
    void sessionTakeoverSendsDisconnect0x8eToTheFirstClient() throws Exception {
        String clientId = Clients.unique("taken");
        CompletableFuture<Throwable> cause = new CompletableFuture<>();
        Mqtt5BlockingClient first = clients.register(clients.builder(clientId)
                .addDisconnectedListener(context -> cause.complete(context.getCause()))
                .buildBlocking());
        first.connect();

        clients.hivemq(clientId).connect();

        Mqtt5Disconnect disconnect = serverDisconnect(cause);
        assertThat(disconnect.getReasonCode()).isEqualTo(Mqtt5DisconnectReasonCode.SESSION_TAKEN_OVER);
        assertThat(disconnect.getReasonString()).map(MqttUtf8String::toString).hasValueSatisfying(
                reason -> assertThat(reason).contains("took over"));
    }

    @Test
    void takeoverDisconnectCarriesNoReasonStringWhenTheClientDeclinedProblemInformation() throws Exception {
        String clientId = Clients.unique("taken-quietly");
        CompletableFuture<Throwable> cause = new CompletableFuture<>();
        Mqtt5BlockingClient first = clients.register(clients.builder(clientId)
                .addDisconnectedListener(context -> cause.complete(context.getCause()))
                .buildBlocking());
        first.connectWith().restrictions().requestProblemInformation(false).applyRestrictions().send();

        clients.hivemq(clientId).connect();

        Mqtt5Disconnect disconnect = serverDisconnect(cause);
        assertThat(disconnect.getReasonCode()).isEqualTo(Mqtt5DisconnectReasonCode.SESSION_TAKEN_OVER);
        assertThat(disconnect.getReasonString()).isEmpty();
    }

    @Test
    void pahoSeesTheSessionTakeoverReasonCode() throws Exception {
        String clientId = Clients.unique("paho-taken");
        MqttClient first = clients.paho(clientId);
        first.connect(new MqttConnectionOptions());

        clients.hivemq(clientId).connect();

        MqttDisconnectResponse response = clients.inbox(first).disconnected();
        assertThat(response.getReturnCode()).isEqualTo(0x8E);
        assertThat(response.getReasonString()).contains("took over");
    }

    @Test
    void keepAliveTimeoutSendsDisconnect0x8d() throws Exception {
        RawMqtt5Client client = clients.raw();
        client.connectSuccessfully(Mqtt5Packets.connect(Clients.unique("sleepy")).keepAlive(1));
        long connected = System.nanoTime();

        List<Packet> packets = client.awaitClosed();

        assertThat(Duration.ofNanos(System.nanoTime() - connected)).isGreaterThanOrEqualTo(Duration.ofMillis(1000));
        assertThat(packets).singleElement().satisfies(disconnect -> {
            assertThat(disconnect.isDisconnect()).isTrue();
            assertThat(disconnect.reasonCode()).isEqualTo(0x8D);
            assertThat(disconnect.properties().string(Mqtt5Packets.REASON_STRING)).isNotBlank();
        });
    }

    @Test
    void malformedPacketSendsDisconnect0x81() throws Exception {
        RawMqtt5Client client = clients.raw();
        client.connectSuccessfully(Mqtt5Packets.connect(Clients.unique("garbled")));

        // PUBLISH with both QoS bits set: QoS 3 does not exist [MQTT-3.3.1-4]
        List<Packet> packets = client.send(Mqtt5Packets.bytes(0x36, 0x07, 0x00, 0x01, 0x74, 0x00, 0x01, 0x00, 0x78))
                .awaitClosed();

        assertThat(packets).singleElement().satisfies(disconnect -> {
            assertThat(disconnect.isDisconnect()).isTrue();
            assertThat(disconnect.reasonCode()).isEqualTo(0x81);
            assertThat(disconnect.properties().string(Mqtt5Packets.REASON_STRING)).isNotBlank();
        });
    }

    @Test
    void secondConnectSendsDisconnect0x82WithAReasonString() throws Exception {
        RawMqtt5Client client = clients.raw();
        Mqtt5Packets.Connect connect = Mqtt5Packets.connect(Clients.unique("twice"));
        client.connectSuccessfully(connect);

        List<Packet> packets = client.send(connect.bytes()).awaitClosed();

        assertThat(packets).singleElement().satisfies(disconnect -> {
            assertThat(disconnect.isDisconnect()).isTrue();
            assertThat(disconnect.reasonCode()).isEqualTo(0x82);
            assertThat(disconnect.properties().string(Mqtt5Packets.REASON_STRING)).contains("CONNECT");
        });
    }

    @Test
    void noReasonStringInDisconnectWhenTheClientDeclinedProblemInformation() throws Exception {
        RawMqtt5Client client = clients.raw();
        Mqtt5Packets.Connect connect = Mqtt5Packets.connect(Clients.unique("twice-quietly"))
                .properties(Mqtt5Packets.properties().oneByte(Mqtt5Packets.REQUEST_PROBLEM_INFORMATION, 0));
        client.connectSuccessfully(connect);

        List<Packet> packets = client.send(connect.bytes()).awaitClosed();

        assertThat(packets).singleElement().satisfies(disconnect -> {
            assertThat(disconnect.reasonCode()).isEqualTo(0x82);
            assertThat(disconnect.properties().has(Mqtt5Packets.REASON_STRING)).isFalse();
        });
    }

    @Test
    void refusingPubAckCarriesAReasonStringOnlyWhenTheClientAcceptsProblemInformation() throws Exception {
        // [MQTT-3.1.2-29] without problem information, no reason string on anything but CONNACK, PUBLISH, DISCONNECT
        RawMqtt5Client curious = clients.raw();
        curious.connectSuccessfully(Mqtt5Packets.connect(Clients.unique("curious")));
        RawMqtt5Client quiet = clients.raw();
        quiet.connectSuccessfully(Mqtt5Packets.connect(Clients.unique("quiet"))
                .properties(Mqtt5Packets.properties().oneByte(Mqtt5Packets.REQUEST_PROBLEM_INFORMATION, 0)));
        byte[] forbidden = Mqtt5Packets.publish("$SYS/" + Clients.unique("forged"), "x", 1, 7);

        Packet toCurious = curious.send(forbidden).read();
        Packet toQuiet = quiet.send(forbidden).read();

        assertThat(toCurious.type()).isEqualTo(Mqtt5Packets.PUBACK);
        assertThat(toCurious.reasonCode()).as("not authorized").isEqualTo(0x87);
        assertThat(toCurious.properties().string(Mqtt5Packets.REASON_STRING)).isNotBlank();
        assertThat(toQuiet.type()).isEqualTo(Mqtt5Packets.PUBACK);
        assertThat(toQuiet.reasonCode()).isEqualTo(0x87);
        assertThat(toQuiet.properties().has(Mqtt5Packets.REASON_STRING)).isFalse();
    }

    @Test
    void reasonStringIsLeftOutWhenItWouldExceedTheClientsMaximumPacketSize() throws Exception {
        RawMqtt5Client client = clients.raw();
        Mqtt5Packets.Connect connect = Mqtt5Packets.connect(Clients.unique("tight"))
                .properties(Mqtt5Packets.properties().fourBytes(Mqtt5Packets.MAXIMUM_PACKET_SIZE, 20));
        Packet connAck = client.connectSuccessfully(connect);

        List<Packet> packets = client.send(connect.bytes()).awaitClosed();

        assertThat(connAck.size()).isLessThanOrEqualTo(20);
        // [MQTT-3.14.2-3] the reason string ("second CONNECT": 17 bytes more) must not push DISCONNECT past 20 bytes
        assertThat(packets).singleElement().satisfies(disconnect -> {
            assertThat(disconnect.reasonCode()).isEqualTo(0x82);
            assertThat(disconnect.size()).isLessThanOrEqualTo(20);
        });
    }

    @ParameterizedTest(name = "alias {0} with topic ''{1}''")
    @CsvSource(value = {
        "0, topic/with/alias-zero", // alias 0 is not permitted [MQTT-3.3.2-8]
        "11, topic/above/maximum", // above the topic alias maximum of 10 [MQTT-3.3.2-9]
        "3, ''", // never defined, so an empty topic cannot be resolved
    })
    void invalidTopicAliasSendsDisconnect0x94(int alias, String topic) throws Exception {
        RawMqtt5Client client = clients.raw();
        client.connectSuccessfully(Mqtt5Packets.connect(Clients.unique("aliasing")));

        List<Packet> packets = client.send(Mqtt5Packets.publish(topic, Mqtt5Clients.utf8("x"), 0, 0,
                Mqtt5Packets.properties().twoBytes(Mqtt5Packets.TOPIC_ALIAS, alias))).awaitClosed();

        assertThat(packets).singleElement().satisfies(disconnect -> {
            assertThat(disconnect.isDisconnect()).isTrue();
            assertThat(disconnect.reasonCode()).isEqualTo(0x94);
        });
    }

    @Test
    void topicAliasWithinTheMaximumIsResolved() throws Exception {
        String topic = Clients.unique("aliased/topic");
        Subscriber subscriber = clients.subscriber(topic, MqttQos.AT_LEAST_ONCE);
        RawMqtt5Client client = clients.raw();
        client.connectSuccessfully(Mqtt5Packets.connect(Clients.unique("aliaser")));

        client.send(Mqtt5Packets.publish(topic, Mqtt5Clients.utf8("defines"), 1, 1,
                        Mqtt5Packets.properties().twoBytes(Mqtt5Packets.TOPIC_ALIAS, 10)),
                Mqtt5Packets.publish("", Mqtt5Clients.utf8("uses"), 1, 2,
                        Mqtt5Packets.properties().twoBytes(Mqtt5Packets.TOPIC_ALIAS, 10)));

        assertThat(List.of(client.read(), client.read())).extracting(Packet::reasonCode).containsExactly(0, 0);
        assertThat(List.of(subscriber.receive(), subscriber.receive()))
                .extracting(message -> message.getTopic().toString(), Mqtt5Clients::text)
                .containsExactly(tuple(topic, "defines"),
                        tuple(topic, "uses"));
    }

    /** The DISCONNECT the broker sent, from the cause the HiveMQ client reported. */
    private static Mqtt5Disconnect serverDisconnect(CompletableFuture<Throwable> cause) throws Exception {
        Throwable reported = cause.get(Mqtt5Clients.PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(reported).isInstanceOf(Mqtt5DisconnectException.class);
        return ((Mqtt5DisconnectException) reported).getMqttMessage();
    }
}
