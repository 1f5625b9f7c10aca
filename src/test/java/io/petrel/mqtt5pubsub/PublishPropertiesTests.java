package io.petrel.mqtt5pubsub;

import static io.petrel.mqtt5pubsub.Mqtt5Packets.PAYLOAD_FORMAT_INDICATOR;
import static io.petrel.mqtt5pubsub.Mqtt5Packets.connect;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PayloadFormatIndicator;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.petrel.mqtt5pubsub.Mqtt5Clients.Subscriber;
import io.petrel.test.BrokerTest;
import io.petrel.test.Clients;
import io.petrel.transport.MqttServer;
import java.nio.ByteBuffer;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * MQTT 5 PUBLISH properties on their way from publisher to subscriber: payload format indicator, content
 * type, response topic, correlation data, user properties and message expiry interval (mosquitto
 * 04-publish-props-*), and the check of a payload declared as UTF-8.
 */
@BrokerTest
class PublishPropertiesTests {

    private static final byte[] CORRELATION = {0x00, 0x01, (byte) 0xFE, (byte) 0xFF};

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
    void publishPropertiesReachTheSubscriberUnaltered() throws Exception {
        String topic = Clients.unique("props");
        Subscriber subscriber = clients.subscriber(topic, MqttQos.AT_LEAST_ONCE);

        publishWithAllProperties(clients.connected("pub"), topic);

        Mqtt5Publish received = subscriber.receive();
        assertThat(Mqtt5Clients.text(received)).isEqualTo("{\"temperature\": 21.5}");
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
        PahoClient subscriber = clients.paho(Clients.unique("paho-sub")).connect();
        subscriber.subscribe(new MqttSubscription(topic, 1));

        publishWithAllProperties(clients.connected("pub"), topic);

        PahoClient.Received received = subscriber.receive();
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
        Subscriber subscriber = clients.subscriber(topic, MqttQos.AT_LEAST_ONCE);

        Mqtt5Clients.publish(clients.connected("pub"), topic, MqttQos.AT_LEAST_ONCE, "plain");

        Mqtt5Publish received = subscriber.receive();
        assertThat(Mqtt5Clients.text(received)).isEqualTo("plain");
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
        Subscriber subscriber = clients.subscriber(topic, MqttQos.AT_LEAST_ONCE);
        RawMqtt5Client publisher = clients.raw(connect(Clients.unique("raw-pub")));

        // 0xC3 starts a two-byte sequence; 0x28 is no continuation byte
        publisher.send(Mqtt5Packets.publish(topic, qos, 7).utf8Payload().payload(new byte[] {(byte) 0xC3, 0x28})
                .bytes());

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
        Subscriber subscriber = clients.subscriber(topic, MqttQos.AT_LEAST_ONCE);
        RawMqtt5Client publisher = clients.raw(connect(Clients.unique("raw-pub")));

        publisher.send(Mqtt5Packets.publish(topic, 1, 8).utf8Payload().payload("grüße ✓").bytes());

        Packet puback = publisher.read();
        assertThat(puback.header()).isEqualTo(0x40);
        assertThat(puback.reasonCode()).isZero();
        Mqtt5Publish received = subscriber.receive();
        assertThat(Mqtt5Clients.text(received)).isEqualTo("grüße ✓");
        assertThat(received.getPayloadFormatIndicator()).contains(Mqtt5PayloadFormatIndicator.UTF_8);
    }

    @Test
    void responseTopicWithAWildcardIsAProtocolError() throws Exception {
        String topic = Clients.unique("response-wildcard");
        Subscriber subscriber = clients.subscriber(topic, MqttQos.AT_LEAST_ONCE);
        RawMqtt5Client publisher = clients.raw(connect(Clients.unique("raw-pub")));

        publisher.send(Mqtt5Packets.publish(topic, 1, 1).responseTopic(topic + "/replies/#").payload("x").bytes());

        // [MQTT-3.3.2-14] the response topic is a topic name: no wildcards; a violation is a protocol error
        byte[] sent = publisher.awaitClosed();
        assertThat(sent).as("DISCONNECT").startsWith((byte) 0xE0);
        assertThat(sent[2] & 0xFF).isEqualTo(0x82);
        subscriber.assertNothingReceived();
    }

    @Test
    void userPropertiesKeepTheirOrderOnTheWire() throws Exception {
        String topic = Clients.unique("props-wire");
        RawMqtt5Client subscriber = clients.raw(connect(Clients.unique("raw-sub")));
        subscriber.send(Mqtt5Packets.subscribe(1, 0, topic, 0));
        assertThat(subscriber.read().reasonCodes()).containsExactly(0);

        publishWithAllProperties(clients.connected("pub"), topic);

        Packet publish = subscriber.read();
        assertThat(publish.values(Mqtt5Packets.USER_PROPERTY)).containsExactly(
                new Packet.UserProperty("unit", "celsius"), new Packet.UserProperty("sensor", "s-17"),
                new Packet.UserProperty("unit", "kelvin"));
        assertThat(publish.value(PAYLOAD_FORMAT_INDICATOR)).contains(1);
        assertThat(publish.value(Mqtt5Packets.CONTENT_TYPE)).contains("application/json");
        assertThat(publish.value(Mqtt5Packets.RESPONSE_TOPIC)).contains(topic + "/replies");
        assertThat(publish.value(Mqtt5Packets.CORRELATION_DATA)).hasValueSatisfying(
                data -> assertThat((byte[]) data).containsExactly(CORRELATION));
    }

    private static void publishWithAllProperties(Mqtt5BlockingClient publisher, String topic) {
        publisher.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE)
                .payload(Mqtt5Clients.utf8("{\"temperature\": 21.5}"))
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
