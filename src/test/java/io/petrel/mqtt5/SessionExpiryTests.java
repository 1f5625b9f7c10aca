package io.petrel.mqtt5;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient.Mqtt5Publishes;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAck;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import io.petrel.session.Session;
import io.petrel.session.SessionRegistry;
import io.petrel.test.BrokerTest;
import io.petrel.test.Clients;
import io.petrel.test.client.Packet;
import io.petrel.test.client.Packets;
import io.petrel.test.client.Paho5Client;
import io.petrel.test.client.RawClient;
import io.petrel.test.client.TestClients;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * MQTT 5 session expiry: a session outlives its connection for its expiry interval (session present,
 * queued messages delivered on return) and is removed when the interval passes (subscriptions and queue
 * freed); the interval can be changed at DISCONNECT, except from zero.
 */
@BrokerTest
class SessionExpiryTests {

    @Autowired
    SessionRegistry sessions;

    @RegisterExtension
    final TestClients clients = new TestClients();

    Mqtt5BlockingClient publisher;

    @BeforeEach
    void connectPublisher() {
        publisher = clients.connected5("pub");
    }

    @Test
    void sessionSurvivesADisconnectWithinItsExpiryAndReceivesWhatWasQueued() throws Exception {
        String clientId = Clients.unique("returning");
        String topic = Clients.unique("queued");
        Mqtt5BlockingClient first = clients.hivemq5(clientId);
        first.connectWith().cleanStart(true).sessionExpiryInterval(60).send();
        first.subscribeWith().topicFilter(topic).qos(MqttQos.AT_LEAST_ONCE).send();
        first.disconnect();

        Mqtt5PublishResult sent = publish(topic, "while you were away");
        Mqtt5BlockingClient second = clients.hivemq5(clientId);
        Mqtt5Publishes received = clients.publishes(second);
        Mqtt5ConnAck connAck = second.connectWith().cleanStart(false).sessionExpiryInterval(60).send();

        assertThat(pubAckReason(sent)).as("the offline session still subscribes")
                .isEqualTo(Mqtt5PubAckReasonCode.SUCCESS);
        assertThat(connAck.isSessionPresent()).isTrue();
        Mqtt5Publish message = received.receive(10, TimeUnit.SECONDS).orElseThrow();
        assertThat(TestClients.text(message)).isEqualTo("while you were away");
        assertThat(message.getQos()).isEqualTo(MqttQos.AT_LEAST_ONCE);
        endSession(clientId);
    }

    @Test
    void sessionIsGoneAfterItsExpiryIntervalWithItsSubscriptionsAndQueue() throws Exception {
        String clientId = Clients.unique("expiring");
        String topic = Clients.unique("expired-queue");
        Mqtt5BlockingClient first = clients.hivemq5(clientId);
        first.connectWith().cleanStart(true).sessionExpiryInterval(2).send();
        first.subscribeWith().topicFilter(topic).qos(MqttQos.AT_LEAST_ONCE).send();
        first.disconnect();
        publish(topic, "queued, then dropped with the session");

        await().atLeast(Duration.ofMillis(1000)).atMost(TestClients.PATIENCE)
                .until(() -> sessions.find(clientId).isEmpty());

        assertThat(pubAckReason(publish(topic, "after expiry"))).as("the subscription went with the session")
                .isEqualTo(Mqtt5PubAckReasonCode.NO_MATCHING_SUBSCRIBERS);
        Mqtt5BlockingClient second = clients.hivemq5(clientId);
        Mqtt5Publishes received = clients.publishes(second);
        Mqtt5ConnAck connAck = second.connectWith().cleanStart(false).sessionExpiryInterval(0).send();
        assertThat(connAck.isSessionPresent()).isFalse();
        assertThat(received.receive(TestClients.QUIET.toMillis(), TimeUnit.MILLISECONDS)).isEmpty();
    }

    @Test
    void sessionOfAClientThatVanishedExpiresToo() throws Exception {
        String clientId = Clients.unique("vanished");
        RawClient client = clients.raw5();
        client.connectSuccessfully(Packets.connect5(clientId)
                .properties(Packets.properties().fourBytes(Packets.SESSION_EXPIRY_INTERVAL, 1)));
        Session session = sessions.find(clientId).orElseThrow();

        client.close(); // no DISCONNECT

        await().atMost(TestClients.PATIENCE).until(() -> !session.isConnected());
        await().atMost(TestClients.PATIENCE).until(() -> sessions.find(clientId).isEmpty());
    }

    @Test
    void pahoSessionSurvivesADisconnectAndReceivesWhatWasQueued() throws Exception {
        String clientId = Clients.unique("paho-returning");
        String topic = Clients.unique("paho-queued");
        Paho5Client client = clients.paho5(clientId);
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        options.setSessionExpiryInterval(60L);
        client.connect(options);
        client.subscribe(new MqttSubscription(topic, 1));
        client.disconnect();

        publish(topic, "for paho");
        options.setCleanStart(false);
        IMqttToken token = client.connectWithResult(options);

        assertThat(token.getSessionPresent()).isTrue();
        Paho5Client.Received received = client.receive();
        assertThat(received.topic()).isEqualTo(topic);
        assertThat(new String(received.message().getPayload())).isEqualTo("for paho");
        endSession(clientId);
    }

    @Test
    void sessionExpiryShortenedAtDisconnectEndsTheSessionSooner() {
        String clientId = Clients.unique("shortened");
        Mqtt5BlockingClient client = clients.hivemq5(clientId);
        client.connectWith().sessionExpiryInterval(300).send();
        Session session = sessions.find(clientId).orElseThrow();

        client.disconnectWith().sessionExpiryInterval(1).send();

        await().atMost(TestClients.PATIENCE).until(() -> sessions.find(clientId).isEmpty());
        assertThat(session.expiryIntervalSeconds()).isEqualTo(1);
    }

    @Test
    void sessionExpiryZeroAtDisconnectEndsTheSessionAtOnce() {
        String clientId = Clients.unique("ended-now");
        Mqtt5BlockingClient client = clients.hivemq5(clientId);
        client.connectWith().sessionExpiryInterval(300).send();

        client.disconnectWith().sessionExpiryInterval(0).send();

        await().atMost(Duration.ofSeconds(2)).until(() -> sessions.find(clientId).isEmpty());
    }

    @Test
    void sessionExpiryLengthenedAtDisconnectKeepsTheSessionLonger() {
        String clientId = Clients.unique("lengthened");
        String controlId = Clients.unique("control");
        Mqtt5BlockingClient client = clients.hivemq5(clientId);
        client.connectWith().sessionExpiryInterval(1).send();
        Session session = sessions.find(clientId).orElseThrow();
        Mqtt5BlockingClient control = clients.hivemq5(controlId);
        control.connectWith().sessionExpiryInterval(1).send();

        client.disconnectWith().sessionExpiryInterval(300).send();
        await().atMost(TestClients.PATIENCE).until(() -> !session.isConnected());
        control.disconnect();

        // The control session, left later with 1 s, expires; had the change been ignored, this one would have first.
        await().atMost(TestClients.PATIENCE).until(() -> sessions.find(controlId).isEmpty());
        assertThat(sessions.find(clientId)).containsSame(session);
        assertThat(session.expiryIntervalSeconds()).isEqualTo(300);
        Mqtt5ConnAck connAck = clients.hivemq5(clientId).connectWith().cleanStart(false).sessionExpiryInterval(0)
                .send();
        assertThat(connAck.isSessionPresent()).isTrue();
    }

    @Test
    void sessionExpiryAtDisconnectAfterConnectWithoutOneIsAProtocolError() throws Exception {
        String clientId = Clients.unique("no-expiry-then-some");
        RawClient client = clients.raw5();
        client.connectSuccessfully(Packets.connect5(clientId)); // no session expiry interval: 0

        List<Packet> packets = client.send(Packets.disconnect5(0x00,
                Packets.properties().fourBytes(Packets.SESSION_EXPIRY_INTERVAL, 30))).awaitClosedPackets();

        assertThat(packets).singleElement().satisfies(disconnect -> {
            assertThat(disconnect.isDisconnect()).isTrue();
            assertThat(disconnect.reasonCode()).isEqualTo(0x82); // [MQTT-3.14.2-2]
        });
        await().atMost(TestClients.PATIENCE).until(() -> sessions.find(clientId).isEmpty());
    }

    private Mqtt5PublishResult publish(String topic, String payload) {
        return publisher.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload(TestClients.utf8(payload))
                .send();
    }

    private static Mqtt5PubAckReasonCode pubAckReason(Mqtt5PublishResult result) {
        return ((Mqtt5PublishResult.Mqtt5Qos1Result) result).getPubAck().getReasonCode();
    }

    /** Ends a kept session: a clean start with no expiry, then DISCONNECT. */
    private void endSession(String clientId) {
        Mqtt5BlockingClient cleaner = clients.hivemq5(clientId);
        cleaner.connectWith().cleanStart(true).sessionExpiryInterval(0).send();
        cleaner.disconnect();
        await().atMost(TestClients.PATIENCE).until(() -> sessions.find(clientId).isEmpty());
    }
}
