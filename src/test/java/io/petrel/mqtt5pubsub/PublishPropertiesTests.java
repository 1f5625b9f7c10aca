package io.petrel.mqtt5pubsub;

import static io.petrel.test.client.Packets.PAYLOAD_FORMAT_INDICATOR;
import static io.petrel.test.client.Packets.connect5;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PayloadFormatIndicator;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.petrel.test.BrokerTest;
import io.petrel.test.Clients;
import io.petrel.test.client.Mqtt5Subscriber;
import io.petrel.test.client.Packet;
import io.petrel.test.client.PacketProperties;
import io.petrel.test.client.Packets;
import io.petrel.test.client.Paho5Client;
import io.petrel.test.client.RawClient;
import io.petrel.test.client.TestClients;
import java.nio.ByteBuffer;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * MQTT 5 PUBLISH properties on their way from publisher to subscriber: payload format indicator, content
 * type, response topic, correlation data, user properties and message expiry interval (mosquitto
 * 04-publish-props-*), and the check of a payload declared as UTF-8.
 */
@BrokerTest
class PublishPropertiesTests {

    private static final byte[] CORRELATION = {0x00, 0x01, (byte) 0xFE, (byte) 0xFF};

    @RegisterExtension
    final TestClients clients = new TestClients();

    @Test
    void publishPropertiesReachTheSubscriberUnaltered() throws Exception {
        String topic = Clients.unique("props");
        Mqtt5Subscriber subscriber = clients.subscriber5(topic, MqttQos.AT_LEAST_ONCE);

        publishWithAllProperties(clients.connected5("pub"), topic);

        Mqtt5Publish received = subscriber.receive();
        assertThat(TestClients.text(received)).isEqualTo("{\"temperature\": 21.5}");
        assertThat(received.getPayloadFormatIndicator()).contains(Mqtt5PayloadFormatIndicator.UTF_8);
        assertThat(received.getContentType()).hasValueSatisfying(
                type -> assertThat(type.toString()).isEqualTo("application/json"));
        assertThat(received.getResponseTopic()).hasValueSatisfying(
                response -> assertThat(response.toString()).isEqualTo(topic + "/replies"));
        assertThat(received.getCorrelationData()).hasValueSatisfying(
                data -> assertThat(bytes(data)).containsExactly(CORRELATION));
        // [MQTT-3.3.2-17] [MQTT-3.3.2-18] every user property, duplicates included, in the order sent
        assertThat(received.getUserProperties().asList())
                .extracting(property -> property.getName().toString(), property -> property.getValue().toString())
                .containsExactly(tuple("unit", "celsius"), tuple("sensor", "s-17"), tuple("unit", "kelvin"));
        // [MQTT-3.3.2-6] the remaining interval: sent at once, nothing was subtracted yet but rounding
        assertThat(received.getMessageExpiryInterval()).isPresent();
        assertThat(received.getMessageExpiryInterval().getAsLong()).isBetween(3590L, 3600L);
    }

    @Test
    void pahoSubscriberDecodesTheSamePropertiesFromAHivemqPublisher() throws Exception {
        String topic = Clients.unique("props-paho");
        Paho5Client subscriber = clients.paho5(Clients.unique("paho-sub")).connect();
        subscriber.subscribe(new MqttSubscription(topic, 1));

        publishWithAllProperties(clients.connected5("pub"), topic);

        Paho5Client.Received received = subscriber.receive();
        MqttProperties properties = received.properties();
        assertThat(received.text()).isEqualTo("{\"temperature\": 21.5}");
        assertThat(properties.getPayloadFormat()).isTrue();
        assertThat(properties.getContentType()).isEqualTo("application/json");
        assertThat(properties.getResponseTopic()).isEqualTo(topic + "/replies");
        assertThat(properties.getCorrelationData()).containsExactly(CORRELATION);
        assertThat(properties.getUserProperties()).containsExactly(new UserProperty("unit", "celsius"),
                new UserProperty("sensor", "s-17"), new UserProperty("unit", "kelvin"));
        assertThat(properties.getMessageExpiryInterval()).isBetween(3590L, 3600L);
    }

    @Test
    void messageWithoutPropertiesArrivesWithoutProperties() throws Exception {
        String topic = Clients.unique("no-props");
        Mqtt5Subscriber subscriber = clients.subscriber5(topic, MqttQos.AT_LEAST_ONCE);

        TestClients.publish(clients.connected5("pub"), topic, MqttQos.AT_LEAST_ONCE, "plain");

        Mqtt5Publish received = subscriber.receive();
        assertThat(TestClients.text(received)).isEqualTo("plain");
        assertThat(received.getPayloadFormatIndicator()).isEmpty();
        assertThat(received.getContentType()).isEmpty();
        assertThat(received.getResponseTopic()).isEmpty();
        assertThat(received.getCorrelationData()).isEmpty();
        assertThat(received.getUserProperties().asList()).isEmpty();
        assertThat(received.getMessageExpiryInterval()).isEmpty();
    }

    @ParameterizedTest(name = "QoS {0}: acknowledgement {1}")
    @CsvSource({"1, 0x40", "2, 0x50"})
    void utf8PayloadFormatWithInvalidUtf8IsRefusedWithPayloadFormatInvalid(int qos, String ackHeader) throws Exception {
        String topic = Clients.unique("bad-utf8");
        Mqtt5Subscriber subscriber = clients.subscriber5(topic, MqttQos.AT_LEAST_ONCE);
        RawClient publisher = clients.raw(connect5(Clients.unique("raw-pub")));

        // 0xC3 starts a two-byte sequence; 0x28 is no continuation byte
        publisher.send(Packets.publish5(topic, qos, 7).properties(utf8PayloadFormat())
                .payload(new byte[] {(byte) 0xC3, 0x28}).bytes());

        Packet ack = publisher.read();
        assertThat(ack.header()).isEqualTo(Integer.decode(ackHeader));
        assertThat(ack.packetId()).isEqualTo(7);
        assertThat(ack.reasonCode()).isEqualTo(0x99); // [MQTT-3.3.2-4] payload format invalid
        subscriber.assertNothingReceived();
        publisher.assertResponsive(); // a refusal in the acknowledgement, not a disconnect
    }

    @Test
    void utf8PayloadFormatWithValidUtf8IsDeliveredWithItsIndicator() throws Exception {
        String topic = Clients.unique("good-utf8");
        Mqtt5Subscriber subscriber = clients.subscriber5(topic, MqttQos.AT_LEAST_ONCE);
        RawClient publisher = clients.raw(connect5(Clients.unique("raw-pub")));

        publisher.send(Packets.publish5(topic, 1, 8).properties(utf8PayloadFormat()).payload("grüße ✓").bytes());

        Packet puback = publisher.read();
        assertThat(puback.header()).isEqualTo(0x40);
        assertThat(puback.reasonCode()).isZero();
        Mqtt5Publish received = subscriber.receive();
        assertThat(TestClients.text(received)).isEqualTo("grüße ✓");
        assertThat(received.getPayloadFormatIndicator()).contains(Mqtt5PayloadFormatIndicator.UTF_8);
    }

    @Test
    void responseTopicWithAWildcardIsAProtocolError() throws Exception {
        String topic = Clients.unique("response-wildcard");
        Mqtt5Subscriber subscriber = clients.subscriber5(topic, MqttQos.AT_LEAST_ONCE);
        RawClient publisher = clients.raw(connect5(Clients.unique("raw-pub")));

        publisher.send(Packets.publish5(topic, 1, 1)
                .properties(Packets.properties().string(Packets.RESPONSE_TOPIC, topic + "/replies/#")).payload("x")
                .bytes());

        // [MQTT-3.3.2-14] the response topic is a topic name: no wildcards; a violation is a protocol error
        byte[] sent = publisher.awaitClosed(RawClient.CLOSE_TIMEOUT);
        assertThat(sent).as("DISCONNECT").startsWith((byte) 0xE0);
        assertThat(sent[2] & 0xFF).isEqualTo(0x82);
        subscriber.assertNothingReceived();
    }

    @Test
    void userPropertiesKeepTheirOrderOnTheWire() throws Exception {
        String topic = Clients.unique("props-wire");
        RawClient subscriber = clients.raw(connect5(Clients.unique("raw-sub")));
        subscriber.send(Packets.subscribe5(1, 0, topic, 0));
        assertThat(subscriber.read().reasonCodes()).containsExactly(0);

        publishWithAllProperties(clients.connected5("pub"), topic);

        Packet publish = subscriber.read();
        PacketProperties properties = publish.properties();
        assertThat(properties.values(Packets.USER_PROPERTY)).containsExactly(
                new PacketProperties.UserProperty("unit", "celsius"),
                new PacketProperties.UserProperty("sensor", "s-17"),
                new PacketProperties.UserProperty("unit", "kelvin"));
        assertThat(properties.integer(PAYLOAD_FORMAT_INDICATOR)).isEqualTo(1L);
        assertThat(properties.string(Packets.CONTENT_TYPE)).isEqualTo("application/json");
        assertThat(properties.string(Packets.RESPONSE_TOPIC)).isEqualTo(topic + "/replies");
        assertThat(properties.binary(Packets.CORRELATION_DATA)).containsExactly(CORRELATION);
    }

    /** PUBLISH properties with payload format indicator 1: the payload is UTF-8 text. */
    private static Packets.Properties utf8PayloadFormat() {
        return Packets.properties().oneByte(PAYLOAD_FORMAT_INDICATOR, 1);
    }

    private static void publishWithAllProperties(Mqtt5BlockingClient publisher, String topic) {
        publisher.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE)
                .payload(TestClients.utf8("{\"temperature\": 21.5}"))
                .payloadFormatIndicator(Mqtt5PayloadFormatIndicator.UTF_8)
                .contentType("application/json")
                .responseTopic(topic + "/replies")
                .correlationData(CORRELATION)
                .userProperties().add("unit", "celsius").add("sensor", "s-17").add("unit", "kelvin")
                .applyUserProperties()
                .messageExpiryInterval(3600)
                .send();
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }
}
