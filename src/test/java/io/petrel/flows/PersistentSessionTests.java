package io.petrel.flows;

import static io.petrel.test.client.Packets.bytes;
import static io.petrel.test.client.Packets.connect;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.message.connect.connack.Mqtt3ConnAck;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import io.petrel.session.SessionRegistry;
import io.petrel.test.BrokerTest;
import io.petrel.test.Clients;
import io.petrel.test.client.Mqtt3Subscriber;
import io.petrel.test.client.Packet;
import io.petrel.test.client.Packets;
import io.petrel.test.client.RawClient;
import io.petrel.test.client.TestClients;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;

/** Clean and persistent sessions: subscriptions and messages kept while offline (mosquitto 03-publish-*, 07-*). */
@BrokerTest
class PersistentSessionTests {

    @RegisterExtension
    final TestClients clients = new TestClients();

    @Autowired
    SessionRegistry sessions;

    @Test
    void firstConnectWithoutCleanSessionHasNoSessionPresent() throws Exception {
        RawClient client = clients.raw311();

        client.send(connect(Clients.unique("fresh")).cleanSession(false).bytes());

        assertThat(client.readBytes(4)).containsExactly(bytes(0x20, 0x02, 0x00, 0x00));
    }

    @Test
    void persistentSessionKeepsSubscriptionsAndQueuesQos1And2MessagesInOrderWhileOffline() throws Exception {
        String prefix = Clients.unique("offline");
        String clientId = Clients.unique("persistent");
        Mqtt3BlockingClient first = clients.hivemq3(clientId);
        first.connectWith().cleanSession(false).send();
        first.subscribeWith().topicFilter(prefix + "/#").qos(MqttQos.EXACTLY_ONCE).send();
        first.disconnect();
        awaitOffline(clientId);
        Mqtt3BlockingClient publisher = clients.connected3("pub");

        int[] qos = {1, 2, 0, 1, 2, 1};
        for (int i = 0; i < qos.length; i++) {
            TestClients.publish(publisher, prefix + "/" + i, MqttQos.fromCode(qos[i]), "m" + i);
        }
        Mqtt3BlockingClient again = clients.hivemq3(clientId);
        Mqtt3Subscriber subscriber = new Mqtt3Subscriber(again, clients.publishes(again));
        Mqtt3ConnAck connAck = again.connectWith().cleanSession(false).send();
        publisher.publishWith().topic(prefix + "/after").payload(TestClients.utf8("after")).send();

        assertThat(connAck.isSessionPresent()).isTrue();
        List<String> received = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            Mqtt3Publish publish = subscriber.receive();
            received.add(TestClients.text(publish) + "@" + publish.getQos().getCode());
        }
        // QoS 0 messages are not kept for an offline client; the rest keep their order and QoS.
        assertThat(received).containsExactly("m0@1", "m1@2", "m3@1", "m4@2", "m5@1", "after@0");
    }

    @Test
    void cleanSessionDiscardsSubscriptionsWhenTheClientDisconnects() throws Exception {
        String prefix = Clients.unique("clean");
        String clientId = Clients.unique("cleaner");
        Mqtt3BlockingClient first = clients.hivemq3(clientId);
        first.connect();
        first.subscribeWith().topicFilter(prefix + "/topic").qos(MqttQos.AT_LEAST_ONCE).send();
        first.disconnect();
        await().atMost(Duration.ofSeconds(10)).until(() -> sessions.find(clientId).isEmpty());

        Mqtt3BlockingClient again = clients.hivemq3(clientId);
        Mqtt3Subscriber subscriber = new Mqtt3Subscriber(again, clients.publishes(again));
        Mqtt3ConnAck connAck = again.connectWith().cleanSession(false).send();
        again.subscribeWith().topicFilter(prefix + "/marker").qos(MqttQos.AT_LEAST_ONCE).send();
        Mqtt3BlockingClient publisher = clients.connected3("pub");
        TestClients.publish(publisher, prefix + "/topic", MqttQos.AT_LEAST_ONCE, "old");
        TestClients.publish(publisher, prefix + "/marker", MqttQos.AT_LEAST_ONCE, "marker");

        assertThat(connAck.isSessionPresent()).isFalse();
        assertThat(TestClients.text(subscriber.receive())).isEqualTo("marker");
        again.disconnect();
        clients.hivemq3(clientId).connectWith().cleanSession(true).send(); // leaves no persistent session behind
    }

    @Test
    void cleanSessionConnectDiscardsAnExistingPersistentSession() throws Exception {
        String prefix = Clients.unique("discarded");
        String clientId = Clients.unique("discarding");
        Mqtt3BlockingClient first = clients.hivemq3(clientId);
        first.connectWith().cleanSession(false).send();
        first.subscribeWith().topicFilter(prefix + "/topic").qos(MqttQos.AT_LEAST_ONCE).send();
        first.disconnect();
        awaitOffline(clientId);
        Mqtt3BlockingClient publisher = clients.connected3("pub");
        TestClients.publish(publisher, prefix + "/topic", MqttQos.AT_LEAST_ONCE, "queued");

        Mqtt3BlockingClient clean = clients.hivemq3(clientId);
        Mqtt3Subscriber subscriber = new Mqtt3Subscriber(clean, clients.publishes(clean));
        Mqtt3ConnAck cleanConnAck = clean.connectWith().cleanSession(true).send();
        clean.subscribeWith().topicFilter(prefix + "/marker").qos(MqttQos.AT_LEAST_ONCE).send();
        TestClients.publish(publisher, prefix + "/topic", MqttQos.AT_LEAST_ONCE, "new");
        TestClients.publish(publisher, prefix + "/marker", MqttQos.AT_LEAST_ONCE, "marker");

        assertThat(cleanConnAck.isSessionPresent()).isFalse();
        assertThat(TestClients.text(subscriber.receive())).as("neither the queued message nor the old subscription")
                .isEqualTo("marker");
        clean.disconnect();
        Mqtt3ConnAck laterConnAck = clients.hivemq3(clientId).connectWith().cleanSession(false).send();
        assertThat(laterConnAck.isSessionPresent()).as("the clean session ended with its connection").isFalse();
    }

    @Test
    void unacknowledgedQos1MessageIsResentWithDupWhenThePersistentSessionReconnects() throws Exception {
        String topic = Clients.unique("resend");
        String clientId = Clients.unique("forgetful");
        RawClient subscriber = clients.raw(connect(clientId).cleanSession(false));
        subscriber.send(Packets.subscribe(1, topic, 1));
        assertThat(subscriber.read().reasonCodes()).containsExactly(1);
        Mqtt3BlockingClient publisher = clients.connected3("pub");
        TestClients.publish(publisher, topic, MqttQos.AT_LEAST_ONCE, "unacked");
        Packet original = subscriber.read();

        subscriber.close();
        awaitOffline(clientId);
        RawClient again = clients.raw311();
        Packet connack = again.send(connect(clientId).cleanSession(false).bytes()).read();
        Packet resent = again.read();

        assertThat(original.header()).as("QoS 1, DUP 0").isEqualTo(0x32);
        assertThat(connack.sessionPresent()).isTrue();
        assertThat(connack.reasonCode()).isZero();
        // [MQTT-4.4.0-1] resent with DUP set [MQTT-3.3.1-1] and the same packet identifier
        assertThat(resent.header()).as("QoS 1, DUP 1").isEqualTo(0x3A);
        assertThat(resent.packetId()).isEqualTo(original.packetId());
        assertThat(resent.topic()).isEqualTo(topic);
        assertThat(resent.payload()).isEqualTo("unacked");
        again.send(Packets.puback(resent.packetId()));
    }

    @Test
    void mqtt31ConnackNeverCarriesSessionPresentEvenWhenTheSessionIsResumed() throws Exception {
        String topic = Clients.unique("v31-resumed");
        String clientId = Clients.unique("v31").substring(0, 12);
        RawClient first = clients.raw311();
        first.send(connect(clientId).level(3).cleanSession(false).bytes());
        assertThat(first.readBytes(4)).containsExactly(bytes(0x20, 0x02, 0x00, 0x00));
        first.send(Packets.subscribe(1, topic, 1));
        assertThat(first.read().reasonCodes()).containsExactly(1);
        first.send(Packets.DISCONNECT).awaitClosed();
        awaitOffline(clientId);

        RawClient again = clients.raw311();
        again.send(connect(clientId).level(3).cleanSession(false).bytes());
        byte[] connack = again.readBytes(4);
        clients.connected3("pub").publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE)
                .payload(TestClients.utf8("resumed")).send();

        // MQTT 3.1 has no session present flag: the acknowledge flags byte stays 0
        assertThat(connack).containsExactly(bytes(0x20, 0x02, 0x00, 0x00));
        assertThat(again.read().payload()).as("the subscription survived all the same").isEqualTo("resumed");
    }

    @Test
    void inboundQos2PacketIdIsRememberedAcrossAReconnectUntilPubrel() throws Exception {
        String topic = Clients.unique("qos2-across");
        String clientId = Clients.unique("qos2-publisher");
        Mqtt3Subscriber subscriber = clients.subscriber3(topic, MqttQos.EXACTLY_ONCE);
        RawClient publisher = clients.raw(connect(clientId).cleanSession(false));
        publisher.send(Packets.publish(topic, 2, 11).payload("exactly once").bytes());
        assertThat(publisher.read().header()).as("PUBREC").isEqualTo(0x50);
        publisher.close();
        awaitOffline(clientId);

        RawClient again = clients.raw(connect(clientId).cleanSession(false));
        again.send(Packets.publish(topic, 2, 11).payload("exactly once").dup().bytes());
        assertThat(again.read().header()).as("PUBREC").isEqualTo(0x50);
        again.send(Packets.pubrel(11));
        assertThat(again.read().header()).as("PUBCOMP").isEqualTo(0x70);
        again.send(Packets.publish(topic, "marker", 0, 0));

        assertThat(TestClients.text(subscriber.receive())).isEqualTo("exactly once");
        assertThat(TestClients.text(subscriber.receive())).as("the resend was not routed again").isEqualTo("marker");
    }

    private void awaitOffline(String clientId) {
        await().atMost(Duration.ofSeconds(10))
                .until(() -> sessions.find(clientId).map(session -> !session.isConnected()).orElse(false));
    }
}
