package io.petrel.mqtt5;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.datatypes.MqttUtf8String;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.datatypes.Mqtt5UserProperty;
import com.hivemq.client.mqtt.mqtt5.message.disconnect.Mqtt5DisconnectReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PayloadFormatIndicator;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.petrel.mqtt5.Mqtt5Clients.Subscriber;
import io.petrel.mqtt5.RawMqtt5Client.Packet;
import io.petrel.session.Session;
import io.petrel.session.SessionRegistry;
import io.petrel.test.BrokerTest;
import io.petrel.test.Clients;
import io.petrel.transport.MqttServer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * MQTT 5 wills: their properties reach subscribers; the will delay interval holds a will back until it
 * passes or the session ends, whichever comes first, and a reconnect in time cancels it; DISCONNECT with
 * 0x04 publishes the will, a normal DISCONNECT discards it; a will payload that claims UTF-8 and is not
 * is refused with 0x99.
 */
@BrokerTest
class Mqtt5WillTests {

    @Autowired
    MqttServer server;

    @Autowired
    SessionRegistry sessions;

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
    void willPropertiesReachTheSubscriber() throws Exception {
        String willTopic = Clients.unique("will-props");
        Subscriber subscriber = clients.subscriber(willTopic, MqttQos.AT_LEAST_ONCE);
        Mqtt5BlockingClient client = clients.hivemq(Clients.unique("dying"));
        client.connectWith().willPublish().topic(willTopic).qos(MqttQos.AT_LEAST_ONCE)
                .payload(Mqtt5Clients.utf8("{\"state\":\"gone\"}"))
                .payloadFormatIndicator(Mqtt5PayloadFormatIndicator.UTF_8)
                .contentType("application/json")
                .responseTopic("status/replies")
                .correlationData(new byte[] {1, 2, 3, 4})
                .messageExpiryInterval(120)
                .userProperties().add("b", "2").add("a", "1").add("b", "3").applyUserProperties()
                .applyWillPublish()
                .send();

        client.disconnectWith().reasonCode(Mqtt5DisconnectReasonCode.DISCONNECT_WITH_WILL_MESSAGE).send();

        Mqtt5Publish will = subscriber.receive();
        assertThat(Mqtt5Clients.text(will)).isEqualTo("{\"state\":\"gone\"}");
        assertThat(will.getPayloadFormatIndicator()).contains(Mqtt5PayloadFormatIndicator.UTF_8);
        assertThat(will.getContentType()).map(MqttUtf8String::toString).contains("application/json");
        assertThat(will.getResponseTopic()).map(Object::toString).contains("status/replies");
        assertThat(will.getCorrelationData().map(Mqtt5WillTests::bytes).orElseThrow()).containsExactly(1, 2, 3, 4);
        assertThat(will.getUserProperties().asList()).extracting(Mqtt5WillTests::pair)
                .containsExactly("b=2", "a=1", "b=3");
        assertThat(will.getMessageExpiryInterval().orElseThrow()).as("remaining message expiry").isBetween(110L, 120L);
    }

    @Test
    void pahoSubscriberReadsTheWillProperties() throws Exception {
        String willTopic = Clients.unique("will-props-paho");
        MqttClient subscriber = clients.paho(Clients.unique("paho-watcher"));
        subscriber.connect(new MqttConnectionOptions());
        subscriber.subscribe(willTopic, 1);
        Mqtt5BlockingClient client = clients.hivemq(Clients.unique("dying"));
        client.connectWith().willPublish().topic(willTopic).qos(MqttQos.AT_LEAST_ONCE)
                .payload(Mqtt5Clients.utf8("offline"))
                .payloadFormatIndicator(Mqtt5PayloadFormatIndicator.UTF_8)
                .contentType("text/plain")
                .responseTopic("status/replies")
                .correlationData(new byte[] {9, 8})
                .userProperties().add("site", "north").add("rack", "7").applyUserProperties()
                .applyWillPublish()
                .send();

        client.disconnectWith().reasonCode(Mqtt5DisconnectReasonCode.DISCONNECT_WITH_WILL_MESSAGE).send();

        MqttMessage will = clients.inbox(subscriber).receive().message();
        MqttProperties properties = will.getProperties();
        assertThat(new String(will.getPayload(), StandardCharsets.UTF_8)).isEqualTo("offline");
        assertThat(properties.getPayloadFormat()).isTrue();
        assertThat(properties.getContentType()).isEqualTo("text/plain");
        assertThat(properties.getResponseTopic()).isEqualTo("status/replies");
        assertThat(properties.getCorrelationData()).containsExactly(9, 8);
        assertThat(properties.getUserProperties()).extracting(UserProperty::getKey, UserProperty::getValue)
                .containsExactly(tuple("site", "north"),
                        tuple("rack", "7"));
    }

    @Test
    void pahoWillWithPropertiesIsPublishedWhenTheConnectionDrops() throws Exception {
        String willTopic = Clients.unique("paho-will");
        Subscriber subscriber = clients.subscriber(willTopic, MqttQos.AT_LEAST_ONCE);
        MqttClient client = clients.paho(Clients.unique("paho-dying"));
        MqttConnectionOptions options = new MqttConnectionOptions();
        MqttMessage willMessage = new MqttMessage("paho gone".getBytes(StandardCharsets.UTF_8), 1, false, null);
        options.setWill(willTopic, willMessage);
        MqttProperties willProperties = new MqttProperties();
        willProperties.setContentType("text/plain");
        willProperties.setUserProperties(List.of(new UserProperty("origin", "paho")));
        options.setWillMessageProperties(willProperties);
        client.connect(options);

        client.disconnectForcibly(0, 1000, false); // closes the socket without DISCONNECT

        Mqtt5Publish will = subscriber.receive();
        assertThat(Mqtt5Clients.text(will)).isEqualTo("paho gone");
        assertThat(will.getContentType()).map(MqttUtf8String::toString).contains("text/plain");
        assertThat(will.getUserProperties().asList()).extracting(Mqtt5WillTests::pair).containsExactly("origin=paho");
    }

    @Test
    void disconnectWithReason0x04PublishesTheWill() throws Exception {
        String willTopic = Clients.unique("will-0x04");
        Subscriber subscriber = clients.subscriber(willTopic, MqttQos.AT_LEAST_ONCE);
        Mqtt5BlockingClient client = clients.hivemq(Clients.unique("leaving-with-will"));
        client.connectWith().willPublish().topic(willTopic).qos(MqttQos.AT_LEAST_ONCE)
                .payload(Mqtt5Clients.utf8("asked for")).applyWillPublish().send();

        client.disconnectWith().reasonCode(Mqtt5DisconnectReasonCode.DISCONNECT_WITH_WILL_MESSAGE).send();

        assertThat(Mqtt5Clients.text(subscriber.receive())).isEqualTo("asked for");
    }

    @Test
    void normalDisconnectDiscardsTheWill() throws Exception {
        String willTopic = Clients.unique("will-discarded");
        String clientId = Clients.unique("polite");
        Subscriber subscriber = clients.subscriber(willTopic, MqttQos.AT_LEAST_ONCE);
        Mqtt5BlockingClient client = clients.hivemq(clientId);
        client.connectWith().willPublish().topic(willTopic).qos(MqttQos.AT_LEAST_ONCE)
                .payload(Mqtt5Clients.utf8("must not be sent")).applyWillPublish().send();

        client.disconnectWith().reasonCode(Mqtt5DisconnectReasonCode.NORMAL_DISCONNECTION).send();

        await().atMost(Mqtt5Clients.PATIENCE).until(() -> sessions.find(clientId).isEmpty());
        subscriber.assertNothingReceived();
    }

    @Test
    void willIsPublishedOnlyAfterItsDelay() throws Exception {
        String willTopic = Clients.unique("will-delayed");
        Subscriber subscriber = clients.subscriber(willTopic, MqttQos.AT_LEAST_ONCE);
        Mqtt5BlockingClient client = clients.hivemq(Clients.unique("delayed"));
        client.connectWith().sessionExpiryInterval(60).willPublish().topic(willTopic).qos(MqttQos.AT_LEAST_ONCE)
                .payload(Mqtt5Clients.utf8("late")).delayInterval(1).applyWillPublish().send();

        client.disconnectWith().reasonCode(Mqtt5DisconnectReasonCode.DISCONNECT_WITH_WILL_MESSAGE).send();
        long disconnected = System.nanoTime();

        Mqtt5Publish will = subscriber.receive();
        assertThat(Duration.ofNanos(System.nanoTime() - disconnected)).isGreaterThanOrEqualTo(Duration.ofMillis(800));
        assertThat(Mqtt5Clients.text(will)).isEqualTo("late");
    }

    @Test
    void delayedWillIsNotPublishedWhenTheClientReconnectsWithinTheDelay() throws Exception {
        String willTopic = Clients.unique("will-cancelled");
        String controlTopic = Clients.unique("will-control");
        String clientId = Clients.unique("back-in-time");
        Subscriber subscriber = clients.subscriber(willTopic, MqttQos.AT_LEAST_ONCE);
        Subscriber controlSubscriber = clients.subscriber(controlTopic, MqttQos.AT_LEAST_ONCE);
        RawMqtt5Client client = connectWithDelayedWill(clientId, willTopic, 2, 60);
        RawMqtt5Client control = connectWithDelayedWill(Clients.unique("control"), controlTopic, 2, 60);
        Session session = sessions.find(clientId).orElseThrow();

        client.close(); // no DISCONNECT: the will is due in 2 s
        await().atMost(Mqtt5Clients.PATIENCE).until(() -> !session.isConnected());
        control.close(); // its will is due a little later
        boolean present = clients.hivemq(clientId).connectWith().cleanStart(false).sessionExpiryInterval(0).send()
                .isSessionPresent();

        assertThat(present).isTrue();
        // Once the control's will is out, the cancelled one would have been out too.
        assertThat(Mqtt5Clients.text(controlSubscriber.receive())).isEqualTo("will of " + controlTopic);
        subscriber.assertNothingReceived();
    }

    @Test
    void delayedWillIsPublishedWhenTheSessionExpiresFirst() throws Exception {
        String willTopic = Clients.unique("will-session-end");
        String clientId = Clients.unique("short-session");
        Subscriber subscriber = clients.subscriber(willTopic, MqttQos.AT_LEAST_ONCE);
        Mqtt5BlockingClient client = clients.hivemq(clientId);
        client.connectWith().sessionExpiryInterval(1).willPublish().topic(willTopic).qos(MqttQos.AT_LEAST_ONCE)
                .payload(Mqtt5Clients.utf8("session over")).delayInterval(300).applyWillPublish().send();

        client.disconnectWith().reasonCode(Mqtt5DisconnectReasonCode.DISCONNECT_WITH_WILL_MESSAGE).send();
        long disconnected = System.nanoTime();

        Mqtt5Publish will = subscriber.receive(); // within 10 s, long before the will delay of 300 s
        assertThat(Duration.ofNanos(System.nanoTime() - disconnected)).isGreaterThanOrEqualTo(Duration.ofMillis(800));
        assertThat(Mqtt5Clients.text(will)).isEqualTo("session over");
        assertThat(sessions.find(clientId)).isEmpty();
    }

    @Test
    void delayedWillIsPublishedAtOnceWhenTheSessionEndsWithTheConnection() throws Exception {
        String willTopic = Clients.unique("will-no-session");
        Subscriber subscriber = clients.subscriber(willTopic, MqttQos.AT_LEAST_ONCE);
        RawMqtt5Client client = connectWithDelayedWill(Clients.unique("no-session"), willTopic, 300, 0);

        client.close();

        assertThat(Mqtt5Clients.text(subscriber.receive())).isEqualTo("will of " + willTopic);
    }

    @Test
    void willWithUtf8PayloadFormatAndInvalidUtf8IsRefusedWith0x99() throws Exception {
        String willTopic = Clients.unique("will-bad-utf8");
        Subscriber subscriber = clients.subscriber(willTopic, MqttQos.AT_LEAST_ONCE);
        RawMqtt5Client client = clients.raw();

        Packet connAck = client.connect(Mqtt5Packets.connect(Clients.unique("bad-utf8")).will(willTopic,
                Mqtt5Packets.bytes(0x66, 0xC3, 0x28, 0xFF), 1, false,
                Mqtt5Packets.properties().oneByte(Mqtt5Packets.PAYLOAD_FORMAT_INDICATOR, 1)));

        assertThat(connAck.reasonCode()).isEqualTo(0x99);
        assertThat(connAck.sessionPresent()).isFalse();
        client.awaitClosed();
        subscriber.assertNothingReceived();
    }

    @Test
    void willWithUtf8PayloadFormatAndValidUtf8IsAccepted() throws Exception {
        String willTopic = Clients.unique("will-good-utf8");
        Subscriber subscriber = clients.subscriber(willTopic, MqttQos.AT_LEAST_ONCE);
        RawMqtt5Client client = clients.raw();

        Packet connAck = client.connect(Mqtt5Packets.connect(Clients.unique("good-utf8")).will(willTopic,
                "grüße".getBytes(StandardCharsets.UTF_8), 1, false,
                Mqtt5Packets.properties().oneByte(Mqtt5Packets.PAYLOAD_FORMAT_INDICATOR, 1)));
        client.close();

        assertThat(connAck.reasonCode()).isZero();
        Mqtt5Publish will = subscriber.receive();
        assertThat(Mqtt5Clients.text(will)).isEqualTo("grüße");
        assertThat(will.getPayloadFormatIndicator()).contains(Mqtt5PayloadFormatIndicator.UTF_8);
    }

    @Test
    void willWithoutPayloadFormatMayCarryAnyBytes() throws Exception {
        String willTopic = Clients.unique("will-binary");
        Subscriber subscriber = clients.subscriber(willTopic, MqttQos.AT_LEAST_ONCE);
        RawMqtt5Client client = clients.raw();

        Packet connAck = client.connect(Mqtt5Packets.connect(Clients.unique("binary")).will(willTopic,
                Mqtt5Packets.bytes(0xC3, 0x28, 0xFF), 1, false, Mqtt5Packets.properties()));
        client.close();

        assertThat(connAck.reasonCode()).isZero();
        assertThat(subscriber.receive().getPayloadAsBytes()).containsExactly(0xC3, 0x28, 0xFF);
    }

    /** A raw MQTT 5 connection whose will ("will of TOPIC") waits {@code delay} s, with this session expiry. */
    private RawMqtt5Client connectWithDelayedWill(String clientId, String willTopic, long delay, long sessionExpiry)
            throws Exception {
        RawMqtt5Client client = clients.raw();
        client.connectSuccessfully(Mqtt5Packets.connect(clientId)
                .properties(Mqtt5Packets.properties().fourBytes(Mqtt5Packets.SESSION_EXPIRY_INTERVAL, sessionExpiry))
                .will(willTopic, ("will of " + willTopic).getBytes(StandardCharsets.UTF_8), 1, false,
                        Mqtt5Packets.properties().fourBytes(Mqtt5Packets.WILL_DELAY_INTERVAL, delay)));
        return client;
    }

    private static String pair(Mqtt5UserProperty property) {
        return property.getName() + "=" + property.getValue();
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }
}
