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
import io.petrel.session.Session;
import io.petrel.session.SessionRegistry;
import io.petrel.test.BrokerTest;
import io.petrel.test.Clients;
import io.petrel.test.client.Mqtt5Subscriber;
import io.petrel.test.client.Packet;
import io.petrel.test.client.Packets;
import io.petrel.test.client.Paho5Client;
import io.petrel.test.client.RawClient;
import io.petrel.test.client.TestClients;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
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
    SessionRegistry sessions;

    @RegisterExtension
    final TestClients clients = new TestClients();

    @Test
    void willPropertiesReachTheSubscriber() throws Exception {
        String willTopic = Clients.unique("will-props");
        Mqtt5Subscriber subscriber = clients.subscriber5(willTopic, MqttQos.AT_LEAST_ONCE);
        Mqtt5BlockingClient client = clients.hivemq5(Clients.unique("dying"));
        client.connectWith().willPublish().topic(willTopic).qos(MqttQos.AT_LEAST_ONCE)
                .payload(TestClients.utf8("{\"state\":\"gone\"}"))
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
        assertThat(TestClients.text(will)).isEqualTo("{\"state\":\"gone\"}");
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
        Paho5Client subscriber = clients.paho5(Clients.unique("paho-watcher"));
        subscriber.connect(new MqttConnectionOptions());
        subscriber.subscribe(new MqttSubscription(willTopic, 1));
        Mqtt5BlockingClient client = clients.hivemq5(Clients.unique("dying"));
        client.connectWith().willPublish().topic(willTopic).qos(MqttQos.AT_LEAST_ONCE)
                .payload(TestClients.utf8("offline"))
                .payloadFormatIndicator(Mqtt5PayloadFormatIndicator.UTF_8)
                .contentType("text/plain")
                .responseTopic("status/replies")
                .correlationData(new byte[] {9, 8})
                .userProperties().add("site", "north").add("rack", "7").applyUserProperties()
                .applyWillPublish()
                .send();

        client.disconnectWith().reasonCode(Mqtt5DisconnectReasonCode.DISCONNECT_WITH_WILL_MESSAGE).send();

        MqttMessage will = subscriber.receive().message();
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
        Mqtt5Subscriber subscriber = clients.subscriber5(willTopic, MqttQos.AT_LEAST_ONCE);
        Paho5Client client = clients.paho5(Clients.unique("paho-dying"));
        MqttConnectionOptions options = new MqttConnectionOptions();
        MqttMessage willMessage = new MqttMessage("paho gone".getBytes(StandardCharsets.UTF_8), 1, false, null);
        options.setWill(willTopic, willMessage);
        MqttProperties willProperties = new MqttProperties();
        willProperties.setContentType("text/plain");
        willProperties.setUserProperties(List.of(new UserProperty("origin", "paho")));
        options.setWillMessageProperties(willProperties);
        client.connect(options);

        client.disconnectForcibly(); // closes the socket without DISCONNECT

        Mqtt5Publish will = subscriber.receive();
        assertThat(TestClients.text(will)).isEqualTo("paho gone");
        assertThat(will.getContentType()).map(MqttUtf8String::toString).contains("text/plain");
        assertThat(will.getUserProperties().asList()).extracting(Mqtt5WillTests::pair).containsExactly("origin=paho");
    }

    @Test
    void disconnectWithReason0x04PublishesTheWill() throws Exception {
        String willTopic = Clients.unique("will-0x04");
        Mqtt5Subscriber subscriber = clients.subscriber5(willTopic, MqttQos.AT_LEAST_ONCE);
        Mqtt5BlockingClient client = clients.hivemq5(Clients.unique("leaving-with-will"));
        client.connectWith().willPublish().topic(willTopic).qos(MqttQos.AT_LEAST_ONCE)
                .payload(TestClients.utf8("asked for")).applyWillPublish().send();

        client.disconnectWith().reasonCode(Mqtt5DisconnectReasonCode.DISCONNECT_WITH_WILL_MESSAGE).send();

        assertThat(TestClients.text(subscriber.receive())).isEqualTo("asked for");
    }

    @Test
    void normalDisconnectDiscardsTheWill() throws Exception {
        String willTopic = Clients.unique("will-discarded");
        String clientId = Clients.unique("polite");
        Mqtt5Subscriber subscriber = clients.subscriber5(willTopic, MqttQos.AT_LEAST_ONCE);
        Mqtt5BlockingClient client = clients.hivemq5(clientId);
        client.connectWith().willPublish().topic(willTopic).qos(MqttQos.AT_LEAST_ONCE)
                .payload(TestClients.utf8("must not be sent")).applyWillPublish().send();

        client.disconnectWith().reasonCode(Mqtt5DisconnectReasonCode.NORMAL_DISCONNECTION).send();

        await().atMost(TestClients.PATIENCE).until(() -> sessions.find(clientId).isEmpty());
        subscriber.assertNothingReceived();
    }

    @Test
    void willIsPublishedOnlyAfterItsDelay() throws Exception {
        String willTopic = Clients.unique("will-delayed");
        Mqtt5Subscriber subscriber = clients.subscriber5(willTopic, MqttQos.AT_LEAST_ONCE);
        Mqtt5BlockingClient client = clients.hivemq5(Clients.unique("delayed"));
        client.connectWith().sessionExpiryInterval(60).willPublish().topic(willTopic).qos(MqttQos.AT_LEAST_ONCE)
                .payload(TestClients.utf8("late")).delayInterval(1).applyWillPublish().send();

        client.disconnectWith().reasonCode(Mqtt5DisconnectReasonCode.DISCONNECT_WITH_WILL_MESSAGE).send();
        long disconnected = System.nanoTime();

        Mqtt5Publish will = subscriber.receive();
        assertThat(Duration.ofNanos(System.nanoTime() - disconnected)).isGreaterThanOrEqualTo(Duration.ofMillis(800));
        assertThat(TestClients.text(will)).isEqualTo("late");
    }

    @Test
    void delayedWillIsNotPublishedWhenTheClientReconnectsWithinTheDelay() throws Exception {
        String willTopic = Clients.unique("will-cancelled");
        String controlTopic = Clients.unique("will-control");
        String clientId = Clients.unique("back-in-time");
        Mqtt5Subscriber subscriber = clients.subscriber5(willTopic, MqttQos.AT_LEAST_ONCE);
        Mqtt5Subscriber controlSubscriber = clients.subscriber5(controlTopic, MqttQos.AT_LEAST_ONCE);
        RawClient client = connectWithDelayedWill(clientId, willTopic, 2, 60);
        RawClient control = connectWithDelayedWill(Clients.unique("control"), controlTopic, 2, 60);
        Session session = sessions.find(clientId).orElseThrow();

        client.close(); // no DISCONNECT: the will is due in 2 s
        await().atMost(TestClients.PATIENCE).until(() -> !session.isConnected());
        control.close(); // its will is due a little later
        boolean present = clients.hivemq5(clientId).connectWith().cleanStart(false).sessionExpiryInterval(0).send()
                .isSessionPresent();

        assertThat(present).isTrue();
        // Once the control's will is out, the cancelled one would have been out too.
        assertThat(TestClients.text(controlSubscriber.receive())).isEqualTo("will of " + controlTopic);
        subscriber.assertNothingReceived();
    }

    @Test
    void delayedWillIsPublishedWhenTheSessionExpiresFirst() throws Exception {
        String willTopic = Clients.unique("will-session-end");
        String clientId = Clients.unique("short-session");
        Mqtt5Subscriber subscriber = clients.subscriber5(willTopic, MqttQos.AT_LEAST_ONCE);
        Mqtt5BlockingClient client = clients.hivemq5(clientId);
        client.connectWith().sessionExpiryInterval(1).willPublish().topic(willTopic).qos(MqttQos.AT_LEAST_ONCE)
                .payload(TestClients.utf8("session over")).delayInterval(300).applyWillPublish().send();

        client.disconnectWith().reasonCode(Mqtt5DisconnectReasonCode.DISCONNECT_WITH_WILL_MESSAGE).send();
        long disconnected = System.nanoTime();

        Mqtt5Publish will = subscriber.receive(); // within 10 s, long before the will delay of 300 s
        assertThat(Duration.ofNanos(System.nanoTime() - disconnected)).isGreaterThanOrEqualTo(Duration.ofMillis(800));
        assertThat(TestClients.text(will)).isEqualTo("session over");
        assertThat(sessions.find(clientId)).isEmpty();
    }

    @Test
    void delayedWillIsPublishedAtOnceWhenTheSessionEndsWithTheConnection() throws Exception {
        String willTopic = Clients.unique("will-no-session");
        Mqtt5Subscriber subscriber = clients.subscriber5(willTopic, MqttQos.AT_LEAST_ONCE);
        RawClient client = connectWithDelayedWill(Clients.unique("no-session"), willTopic, 300, 0);

        client.close();

        assertThat(TestClients.text(subscriber.receive())).isEqualTo("will of " + willTopic);
    }

    @Test
    void willWithUtf8PayloadFormatAndInvalidUtf8IsRefusedWith0x99() throws Exception {
        String willTopic = Clients.unique("will-bad-utf8");
        Mqtt5Subscriber subscriber = clients.subscriber5(willTopic, MqttQos.AT_LEAST_ONCE);
        RawClient client = clients.raw5();

        Packet connAck = client.connect(Packets.connect5(Clients.unique("bad-utf8")).will(willTopic,
                Packets.bytes(0x66, 0xC3, 0x28, 0xFF), 1, false,
                Packets.properties().oneByte(Packets.PAYLOAD_FORMAT_INDICATOR, 1)));

        assertThat(connAck.reasonCode()).isEqualTo(0x99);
        assertThat(connAck.sessionPresent()).isFalse();
        client.awaitClosed();
        subscriber.assertNothingReceived();
    }

    @Test
    void willWithUtf8PayloadFormatAndValidUtf8IsAccepted() throws Exception {
        String willTopic = Clients.unique("will-good-utf8");
        Mqtt5Subscriber subscriber = clients.subscriber5(willTopic, MqttQos.AT_LEAST_ONCE);
        RawClient client = clients.raw5();

        Packet connAck = client.connect(Packets.connect5(Clients.unique("good-utf8")).will(willTopic,
                "grüße".getBytes(StandardCharsets.UTF_8), 1, false,
                Packets.properties().oneByte(Packets.PAYLOAD_FORMAT_INDICATOR, 1)));
        client.close();

        assertThat(connAck.reasonCode()).isZero();
        Mqtt5Publish will = subscriber.receive();
        assertThat(TestClients.text(will)).isEqualTo("grüße");
        assertThat(will.getPayloadFormatIndicator()).contains(Mqtt5PayloadFormatIndicator.UTF_8);
    }

    @Test
    void willWithoutPayloadFormatMayCarryAnyBytes() throws Exception {
        String willTopic = Clients.unique("will-binary");
        Mqtt5Subscriber subscriber = clients.subscriber5(willTopic, MqttQos.AT_LEAST_ONCE);
        RawClient client = clients.raw5();

        Packet connAck = client.connect(Packets.connect5(Clients.unique("binary")).will(willTopic,
                Packets.bytes(0xC3, 0x28, 0xFF), 1, false, Packets.properties()));
        client.close();

        assertThat(connAck.reasonCode()).isZero();
        assertThat(subscriber.receive().getPayloadAsBytes()).containsExactly(0xC3, 0x28, 0xFF);
    }

    /** A raw MQTT 5 connection whose will ("will of TOPIC") waits {@code delay} s, with this session expiry. */
    private RawClient connectWithDelayedWill(String clientId, String willTopic, long delay, long sessionExpiry)
            throws Exception {
        RawClient client = clients.raw5();
        client.connectSuccessfully(Packets.connect5(clientId)
                .properties(Packets.properties().fourBytes(Packets.SESSION_EXPIRY_INTERVAL, sessionExpiry))
                .will(willTopic, ("will of " + willTopic).getBytes(StandardCharsets.UTF_8), 1, false,
                        Packets.properties().fourBytes(Packets.WILL_DELAY_INTERVAL, delay)));
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
