package io.petrel.flows;

import static io.petrel.test.client.Packets.connect;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import io.petrel.session.SessionRegistry;
import io.petrel.test.BrokerTest;
import io.petrel.test.Clients;
import io.petrel.test.client.Mqtt3Subscriber;
import io.petrel.test.client.Packets;
import io.petrel.test.client.RawClient;
import io.petrel.test.client.TestClients;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Will messages: published when a connection ends without DISCONNECT, whatever the cause, with their QoS
 * and retain flag; discarded by DISCONNECT (mosquitto 07-will-*). Keep-alive timeouts: see ConnectTests.
 */
@BrokerTest
class WillTests {

    @RegisterExtension
    final TestClients clients = new TestClients();

    @Autowired
    SessionRegistry sessions;

    @Test
    void willIsPublishedWhenTheSocketClosesWithoutDisconnect() throws Exception {
        String willTopic = Clients.unique("will");
        Mqtt3Subscriber subscriber = clients.subscriber3(willTopic, MqttQos.EXACTLY_ONCE);
        RawClient client = clients.raw(connect(Clients.unique("dying")).will(willTopic, "gone", 1, false));

        client.close();

        Mqtt3Publish will = subscriber.receive();
        assertThat(TestClients.text(will)).isEqualTo("gone");
        assertThat(will.getQos()).isEqualTo(MqttQos.AT_LEAST_ONCE);
        assertThat(will.isRetain()).isFalse();
    }

    @Test
    void willIsNotPublishedAfterDisconnect() throws Exception {
        String willTopic = Clients.unique("no-will");
        String clientId = Clients.unique("polite");
        Mqtt3Subscriber subscriber = clients.subscriber3(willTopic, MqttQos.AT_LEAST_ONCE);
        RawClient client = clients.raw(connect(clientId).will(willTopic, "should not be sent", 1, false));

        client.send(Packets.DISCONNECT).awaitClosed();

        // The session ends just before the will would be published, in the same task on the event loop.
        await().atMost(Duration.ofSeconds(10)).until(() -> sessions.find(clientId).isEmpty());
        subscriber.assertNothingReceived();
    }

    @Test
    void willIsPublishedWhenTheBrokerClosesTheConnectionForAProtocolError() throws Exception {
        String willTopic = Clients.unique("will-error");
        Mqtt3Subscriber subscriber = clients.subscriber3(willTopic, MqttQos.AT_LEAST_ONCE);
        RawClient client = clients.raw(connect(Clients.unique("faulty")).will(willTopic, "broke the rules", 1, false));

        client.send(Packets.bytes(0x00, 0x00)).awaitClosed();

        assertThat(TestClients.text(subscriber.receive())).isEqualTo("broke the rules");
    }

    @Test
    void willIsPublishedWhenAnotherConnectionTakesOverTheClientId() throws Exception {
        String willTopic = Clients.unique("will-takeover");
        String clientId = Clients.unique("taken");
        Mqtt3Subscriber subscriber = clients.subscriber3(willTopic, MqttQos.AT_LEAST_ONCE);
        RawClient first = clients.raw(connect(clientId).will(willTopic, "taken over", 1, false));

        Mqtt3BlockingClient second = clients.hivemq3(clientId);
        second.connect();

        first.awaitClosed();
        assertThat(TestClients.text(subscriber.receive())).isEqualTo("taken over");
        assertThat(second.getState().isConnected()).isTrue();
    }

    @Test
    void willKeepsItsQosAndRetainFlag() throws Exception {
        String willTopic = Clients.unique("will-retained");
        Mqtt3Subscriber existing = clients.subscriber3(willTopic, MqttQos.EXACTLY_ONCE);
        RawClient client = clients.raw(connect(Clients.unique("retaining")).will(willTopic, "last words", 2, true));
        try {
            client.close();
            Mqtt3Publish live = existing.receive();
            Mqtt3Subscriber later = clients.subscriber3(willTopic, MqttQos.EXACTLY_ONCE);
            Mqtt3Publish retained = later.receive();

            assertThat(TestClients.text(live)).isEqualTo("last words");
            assertThat(live.getQos()).isEqualTo(MqttQos.EXACTLY_ONCE);
            assertThat(live.isRetain()).as("sent to an existing subscription").isFalse();
            assertThat(TestClients.text(retained)).isEqualTo("last words");
            assertThat(retained.getQos()).isEqualTo(MqttQos.EXACTLY_ONCE);
            assertThat(retained.isRetain()).isTrue();
        } finally {
            clients.connected3("cleaner").publishWith().topic(willTopic).retain(true).qos(MqttQos.AT_LEAST_ONCE).send();
        }
    }

    @Test
    void hivemqClientWillIsPublishedWhenItsConnectionIsTakenOver() throws Exception {
        String willTopic = Clients.unique("hivemq-will");
        String clientId = Clients.unique("hivemq-taken");
        Mqtt3Subscriber subscriber = clients.subscriber3(willTopic, MqttQos.AT_LEAST_ONCE);
        Mqtt3BlockingClient first = clients.hivemq3(clientId);
        first.connectWith().willPublish().topic(willTopic).qos(MqttQos.AT_LEAST_ONCE)
                .payload(TestClients.utf8("hivemq will")).applyWillPublish().send();

        clients.hivemq3(clientId).connect();

        await().atMost(Duration.ofSeconds(10)).until(() -> !first.getState().isConnected());
        Mqtt3Publish will = subscriber.receive();
        assertThat(TestClients.text(will)).isEqualTo("hivemq will");
        assertThat(will.getQos()).isEqualTo(MqttQos.AT_LEAST_ONCE);
    }

    @Test
    void willOfARefusedConnectIsNotPublished() throws Exception {
        String willTopic = Clients.unique("refused-will");
        Mqtt3Subscriber subscriber = clients.subscriber3(willTopic, MqttQos.AT_LEAST_ONCE);
        RawClient client = clients.raw311();

        client.send(connect("").cleanSession(false).will(willTopic, "never connected", 1, false).bytes());

        assertThat(client.awaitClosed(RawClient.READ_TIMEOUT))
                .containsExactly(Packets.bytes(0x20, 0x02, 0x00, 0x02));
        subscriber.assertNothingReceived();
    }

    @Test
    void willToATopicTheClientMayNotPublishToIsNotPublished() throws Exception {
        String willTopic = "$SYS/" + Clients.unique("forged-will");
        Mqtt3Subscriber subscriber = clients.subscriber3(willTopic, MqttQos.AT_LEAST_ONCE);
        RawClient client = clients.raw311();

        // The default Authorizer lets nobody but the broker publish to $SYS/...; a will is published for the client.
        client.send(connect(Clients.unique("forger")).will(willTopic, "forged statistics", 1, false).bytes());
        byte[] answer = client.readBytes(4);
        client.close();

        if (answer[3] == 0) {
            subscriber.assertNothingReceived();
        } else {
            assertThat(answer).as("or the CONNECT is refused: not authorized")
                    .containsExactly(Packets.bytes(0x20, 0x02, 0x00, 0x05));
        }
    }
}
