package io.petrel.mqtt5;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.datatypes.MqttUtf8String;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5DisconnectException;
import com.hivemq.client.mqtt.mqtt5.message.disconnect.Mqtt5Disconnect;
import com.hivemq.client.mqtt.mqtt5.message.disconnect.Mqtt5DisconnectReasonCode;
import io.petrel.test.BrokerTest;
import io.petrel.test.Clients;
import io.petrel.test.client.Mqtt5Subscriber;
import io.petrel.test.client.Packet;
import io.petrel.test.client.Packets;
import io.petrel.test.client.Paho5Client;
import io.petrel.test.client.RawClient;
import io.petrel.test.client.TestClients;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * DISCONNECT from the broker to MQTT 5 clients: the reason code for a session takeover (0x8E), a keep-alive
 * timeout (0x8D), a malformed packet (0x81), a protocol error (0x82) and an invalid topic alias (0x94),
 * with a reason string only for clients that accept problem information.
 */
@BrokerTest
class ServerDisconnectTests {

    @RegisterExtension
    final TestClients clients = new TestClients();

    @Test
    void sessionTakeoverSendsDisconnect0x8eToTheFirstClient() throws Exception {
        String clientId = Clients.unique("taken");
        CompletableFuture<Throwable> cause = new CompletableFuture<>();
        Mqtt5BlockingClient first = clients.register(clients.hivemq5Builder(clientId)
                .addDisconnectedListener(context -> cause.complete(context.getCause()))
                .buildBlocking());
        first.connect();

        clients.hivemq5(clientId).connect();

        Mqtt5Disconnect disconnect = serverDisconnect(cause);
        assertThat(disconnect.getReasonCode()).isEqualTo(Mqtt5DisconnectReasonCode.SESSION_TAKEN_OVER);
        assertThat(disconnect.getReasonString()).map(MqttUtf8String::toString).hasValueSatisfying(
                reason -> assertThat(reason).contains("took over"));
    }

    @Test
    void takeoverDisconnectCarriesNoReasonStringWhenTheClientDeclinedProblemInformation() throws Exception {
        String clientId = Clients.unique("taken-quietly");
        CompletableFuture<Throwable> cause = new CompletableFuture<>();
        Mqtt5BlockingClient first = clients.register(clients.hivemq5Builder(clientId)
                .addDisconnectedListener(context -> cause.complete(context.getCause()))
                .buildBlocking());
        first.connectWith().restrictions().requestProblemInformation(false).applyRestrictions().send();

        clients.hivemq5(clientId).connect();

        Mqtt5Disconnect disconnect = serverDisconnect(cause);
        assertThat(disconnect.getReasonCode()).isEqualTo(Mqtt5DisconnectReasonCode.SESSION_TAKEN_OVER);
        assertThat(disconnect.getReasonString()).isEmpty();
    }

    @Test
    void pahoSeesTheSessionTakeoverReasonCode() throws Exception {
        String clientId = Clients.unique("paho-taken");
        Paho5Client first = clients.paho5(clientId);
        first.connect(new MqttConnectionOptions());

        clients.hivemq5(clientId).connect();

        MqttDisconnectResponse response = first.disconnected();
        assertThat(response.getReturnCode()).isEqualTo(0x8E);
        assertThat(response.getReasonString()).contains("took over");
    }

    @Test
    void keepAliveTimeoutSendsDisconnect0x8d() throws Exception {
        RawClient client = clients.raw5();
        client.connectSuccessfully(Packets.connect5(Clients.unique("sleepy")).keepAlive(1));
        long connected = System.nanoTime();

        List<Packet> packets = client.awaitClosedPackets();

        assertThat(Duration.ofNanos(System.nanoTime() - connected)).isGreaterThanOrEqualTo(Duration.ofMillis(1000));
        assertThat(packets).singleElement().satisfies(disconnect -> {
            assertThat(disconnect.isDisconnect()).isTrue();
            assertThat(disconnect.reasonCode()).isEqualTo(0x8D);
            assertThat(disconnect.properties().string(Packets.REASON_STRING)).isNotBlank();
        });
    }

    @Test
    void malformedPacketSendsDisconnect0x81() throws Exception {
        RawClient client = clients.raw5();
        client.connectSuccessfully(Packets.connect5(Clients.unique("garbled")));

        // PUBLISH with both QoS bits set: QoS 3 does not exist [MQTT-3.3.1-4]
        List<Packet> packets = client.send(Packets.bytes(0x36, 0x07, 0x00, 0x01, 0x74, 0x00, 0x01, 0x00, 0x78))
                .awaitClosedPackets();

        assertThat(packets).singleElement().satisfies(disconnect -> {
            assertThat(disconnect.isDisconnect()).isTrue();
            assertThat(disconnect.reasonCode()).isEqualTo(0x81);
            assertThat(disconnect.properties().string(Packets.REASON_STRING)).isNotBlank();
        });
    }

    @Test
    void secondConnectSendsDisconnect0x82WithAReasonString() throws Exception {
        RawClient client = clients.raw5();
        Packets.Connect connect = Packets.connect5(Clients.unique("twice"));
        client.connectSuccessfully(connect);

        List<Packet> packets = client.send(connect.bytes()).awaitClosedPackets();

        assertThat(packets).singleElement().satisfies(disconnect -> {
            assertThat(disconnect.isDisconnect()).isTrue();
            assertThat(disconnect.reasonCode()).isEqualTo(0x82);
            assertThat(disconnect.properties().string(Packets.REASON_STRING)).contains("CONNECT");
        });
    }

    @Test
    void noReasonStringInDisconnectWhenTheClientDeclinedProblemInformation() throws Exception {
        RawClient client = clients.raw5();
        Packets.Connect connect = Packets.connect5(Clients.unique("twice-quietly"))
                .properties(Packets.properties().oneByte(Packets.REQUEST_PROBLEM_INFORMATION, 0));
        client.connectSuccessfully(connect);

        List<Packet> packets = client.send(connect.bytes()).awaitClosedPackets();

        assertThat(packets).singleElement().satisfies(disconnect -> {
            assertThat(disconnect.reasonCode()).isEqualTo(0x82);
            assertThat(disconnect.properties().has(Packets.REASON_STRING)).isFalse();
        });
    }

    @Test
    void refusingPubAckCarriesAReasonStringOnlyWhenTheClientAcceptsProblemInformation() throws Exception {
        // [MQTT-3.1.2-29] without problem information, no reason string on anything but CONNACK, PUBLISH, DISCONNECT
        RawClient curious = clients.raw5();
        curious.connectSuccessfully(Packets.connect5(Clients.unique("curious")));
        RawClient quiet = clients.raw5();
        quiet.connectSuccessfully(Packets.connect5(Clients.unique("quiet"))
                .properties(Packets.properties().oneByte(Packets.REQUEST_PROBLEM_INFORMATION, 0)));
        byte[] forbidden = Packets.publish5("$SYS/" + Clients.unique("forged"), "x", 1, 7);

        Packet toCurious = curious.send(forbidden).read();
        Packet toQuiet = quiet.send(forbidden).read();

        assertThat(toCurious.type()).isEqualTo(Packet.PUBACK);
        assertThat(toCurious.reasonCode()).as("not authorized").isEqualTo(0x87);
        assertThat(toCurious.properties().string(Packets.REASON_STRING)).isNotBlank();
        assertThat(toQuiet.type()).isEqualTo(Packet.PUBACK);
        assertThat(toQuiet.reasonCode()).isEqualTo(0x87);
        assertThat(toQuiet.properties().has(Packets.REASON_STRING)).isFalse();
    }

    @Test
    void reasonStringIsLeftOutWhenItWouldExceedTheClientsMaximumPacketSize() throws Exception {
        RawClient client = clients.raw5();
        Packets.Connect connect = Packets.connect5(Clients.unique("tight"))
                .properties(Packets.properties().fourBytes(Packets.MAXIMUM_PACKET_SIZE, 20));
        Packet connAck = client.connectSuccessfully(connect);

        List<Packet> packets = client.send(connect.bytes()).awaitClosedPackets();

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
        RawClient client = clients.raw5();
        client.connectSuccessfully(Packets.connect5(Clients.unique("aliasing")));

        List<Packet> packets = client.send(Packets.publish5(topic, 0, 0).payload("x")
                .properties(Packets.properties().twoBytes(Packets.TOPIC_ALIAS, alias)).bytes()).awaitClosedPackets();

        assertThat(packets).singleElement().satisfies(disconnect -> {
            assertThat(disconnect.isDisconnect()).isTrue();
            assertThat(disconnect.reasonCode()).isEqualTo(0x94);
        });
    }

    @Test
    void topicAliasWithinTheMaximumIsResolved() throws Exception {
        String topic = Clients.unique("aliased/topic");
        Mqtt5Subscriber subscriber = clients.subscriber5(topic, MqttQos.AT_LEAST_ONCE);
        RawClient client = clients.raw5();
        client.connectSuccessfully(Packets.connect5(Clients.unique("aliaser")));

        client.send(Packets.publish5(topic, 1, 1).payload("defines")
                        .properties(Packets.properties().twoBytes(Packets.TOPIC_ALIAS, 10)).bytes(),
                Packets.publish5("", 1, 2).payload("uses")
                        .properties(Packets.properties().twoBytes(Packets.TOPIC_ALIAS, 10)).bytes());

        assertThat(List.of(client.read(), client.read())).extracting(Packet::reasonCode).containsExactly(0, 0);
        assertThat(List.of(subscriber.receive(), subscriber.receive()))
                .extracting(message -> message.getTopic().toString(), TestClients::text)
                .containsExactly(tuple(topic, "defines"),
                        tuple(topic, "uses"));
    }

    /** The DISCONNECT the broker sent, from the cause the HiveMQ client reported. */
    private static Mqtt5Disconnect serverDisconnect(CompletableFuture<Throwable> cause) throws Exception {
        Throwable reported = cause.get(TestClients.PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(reported).isInstanceOf(Mqtt5DisconnectException.class);
        return ((Mqtt5DisconnectException) reported).getMqttMessage();
    }
}
