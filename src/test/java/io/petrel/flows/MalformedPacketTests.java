package io.petrel.flows;

import static io.petrel.test.client.Packets.bytes;
import static io.petrel.test.client.Packets.connect;
import static io.petrel.test.client.Packets.lengthPrefixed;
import static io.petrel.test.client.Packets.packet;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import io.petrel.test.BrokerTest;
import io.petrel.test.Clients;
import io.petrel.test.client.Mqtt3Subscriber;
import io.petrel.test.client.Packets;
import io.petrel.test.client.RawClient;
import io.petrel.test.client.TestClients;
import java.io.ByteArrayOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Malformed packets and protocol violations close the connection that sent them, and only that one: a
 * bystander keeps publishing and receiving (mosquitto 02-subscribe-invalid-*, 03-publish-invalid-*, 09-*).
 */
@BrokerTest
class MalformedPacketTests {

    @RegisterExtension
    final TestClients clients = new TestClients();

    Mqtt3Subscriber bystander;

    String bystanderTopic;

    @BeforeEach
    void connectABystander() {
        bystanderTopic = Clients.unique("bystander");
        bystander = clients.subscriber3(bystanderTopic, MqttQos.AT_LEAST_ONCE);
    }

    static Stream<Arguments> packetsAfterConnect() {
        return Stream.of(
                arguments("packet type 0", bytes(0x00, 0x00)),
                arguments("PUBLISH at QoS 3", packet(0x36, concat(topic("a/b"), bytes(0x00, 0x01), utf8("x")))),
                arguments("QoS 1 PUBLISH with packet id 0", packet(0x32, concat(topic("a/b"), bytes(0x00, 0x00)))),
                arguments("PUBLISH topic of ill-formed UTF-8", packet(0x30, lengthPrefixed(bytes(0x61, 0xC0, 0xAF)))),
                arguments("PUBLISH topic with U+0000", packet(0x30, lengthPrefixed(bytes(0x61, 0x00, 0x62)))),
                arguments("PUBLISH with an empty topic", packet(0x30, concat(lengthPrefixed(new byte[0]), utf8("x")))),
                arguments("remaining length of five bytes", bytes(0x30, 0xFF, 0xFF, 0xFF, 0xFF, 0x01)),
                arguments("SUBSCRIBE with fixed header flags 0000",
                        packet(0x80, concat(bytes(0x00, 0x01), topic("a"), bytes(0x00)))),
                arguments("SUBSCRIBE without topic filters", bytes(0x82, 0x02, 0x00, 0x01)),
                arguments("SUBSCRIBE requesting QoS 3", Packets.subscribe(1, "a/b", 3)),
                arguments("SUBSCRIBE with reserved option bits set", Packets.subscribe(1, "a/b", 0x04)),
                arguments("UNSUBSCRIBE without topic filters", bytes(0xA2, 0x02, 0x00, 0x01)),
                arguments("PUBREL with fixed header flags 0000", bytes(0x60, 0x02, 0x00, 0x01)),
                arguments("PINGREQ with a remaining length of 1", bytes(0xC0, 0x01, 0x00)),
                arguments("CONNACK sent by a client", bytes(0x20, 0x02, 0x00, 0x00)),
                arguments("SUBACK sent by a client", bytes(0x90, 0x03, 0x00, 0x01, 0x00)),
                arguments("PINGRESP sent by a client", bytes(0xD0, 0x00)),
                arguments("DISCONNECT with fixed header flags 0001", bytes(0xE1, 0x00)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("packetsAfterConnect")
    void malformedPacketAfterConnectClosesOnlyItsOwnConnection(String description, byte[] malformed) throws Exception {
        RawClient client = clients.raw(connect(Clients.unique("malformed")));

        client.send(malformed);

        assertThat(client.awaitClosed(RawClient.READ_TIMEOUT)).as("nothing sent before closing").isEmpty();
        assertBystanderStillWorks();
    }

    static Stream<Arguments> invalidConnects() {
        String id = "invalid-connect";
        return Stream.of(
                arguments("reserved flag set", connect(id).reservedFlag().bytes()),
                arguments("will QoS 3", connect(id).will("w", "x", 3, false).bytes()),
                arguments("will retain without will flag", connect(id).flags(0x22).bytes()),
                arguments("will QoS without will flag", connect(id).flags(0x0A).bytes()),
                arguments("password without user name", connect(id).flags(0x42).payloadSuffix(topic("secret")).bytes()),
                arguments("will topic with a wildcard", connect(id).will("w/#", "x", 0, false).bytes()),
                arguments("client id of ill-formed UTF-8", packet(0x10, concat(topic("MQTT"), bytes(4, 2, 0, 0),
                        lengthPrefixed(bytes(0x61, 0xED, 0xA0, 0x80))))),
                arguments("bytes after the payload", connect(id).payloadSuffix(bytes(0x00)).bytes()),
                arguments("unknown protocol name", connect(id).protocolName("MQTX").bytes()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidConnects")
    void invalidConnectIsNotAcceptedAndClosesOnlyItsOwnConnection(String description, byte[] invalid) throws Exception {
        RawClient client = clients.raw311();

        client.send(invalid);

        byte[] sent = client.awaitClosed(RawClient.READ_TIMEOUT);
        // At most a refusing CONNACK (return code other than 0) before the connection closes.
        if (sent.length > 0) {
            assertThat(sent).hasSize(4).startsWith(bytes(0x20, 0x02));
            assertThat(sent[3]).isNotZero();
        }
        assertBystanderStillWorks();
    }

    private void assertBystanderStillWorks() throws InterruptedException {
        Mqtt3BlockingClient publisher = clients.connected3("bystander-pub");
        TestClients.publish(publisher, bystanderTopic, MqttQos.AT_LEAST_ONCE, "still working");
        assertThat(TestClients.text(bystander.receive())).isEqualTo("still working");
        TestClients.publish(bystander.client(), bystanderTopic, MqttQos.AT_LEAST_ONCE, "and publishing");
        assertThat(TestClients.text(bystander.receive())).isEqualTo("and publishing");
    }

    /** A length-prefixed UTF-8 string, such as a topic. */
    private static byte[] topic(String text) {
        return lengthPrefixed(utf8(text));
    }

    private static byte[] utf8(String text) {
        return TestClients.utf8(text);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
