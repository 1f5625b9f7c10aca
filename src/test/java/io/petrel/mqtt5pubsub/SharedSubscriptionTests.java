package io.petrel.mqtt5pubsub;

import static io.petrel.test.client.Packets.connect5;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import io.petrel.test.BrokerTest;
import io.petrel.test.Clients;
import io.petrel.test.client.Mqtt5Subscriber;
import io.petrel.test.client.Packet;
import io.petrel.test.client.Packets;
import io.petrel.test.client.Paho5Client;
import io.petrel.test.client.RawClient;
import io.petrel.test.client.TestClients;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Shared subscriptions {@code $share/{group}/{filter}} with the default round-robin strategy (mosquitto
 * 02-subscribe-*-shared*): each message goes to one member of each group, no retained messages on a shared
 * subscribe, and what a leaving member left unacknowledged goes to another member. The other strategies
 * are covered by {@code SharedGroupSelectorTests}.
 */
@BrokerTest
class SharedSubscriptionTests {

    @RegisterExtension
    final TestClients clients = new TestClients();

    Mqtt5BlockingClient publisher;

    @BeforeEach
    void connectPublisher() {
        publisher = clients.connected5("pub");
    }

    @Test
    void eachMessageGoesToExactlyOneMemberInTurn() {
        String topic = Clients.unique("shared");
        String filter = "$share/" + Clients.unique("g") + "/" + topic;
        List<List<String>> members = List.of(member(filter), member(filter), member(filter));

        List<String> sent = publish(topic, 30);

        await().atMost(TestClients.PATIENCE).until(() -> total(members) == 30);
        await().during(TestClients.QUIET).atMost(TestClients.QUIET.multipliedBy(3)).until(() -> total(members) == 30);
        assertThat(members.stream().flatMap(List::stream).toList()).containsExactlyInAnyOrderElementsOf(sent);
        assertThat(members).allSatisfy(received -> assertThat(received).hasSize(10)); // round-robin
    }

    @Test
    void eachGroupAndEachOrdinarySubscriberReceivesACopy() {
        String topic = Clients.unique("groups");
        String first = "$share/" + Clients.unique("g1") + "/" + topic;
        List<List<String>> firstGroup = List.of(member(first), member(first));
        List<String> secondGroup = member("$share/" + Clients.unique("g2") + "/" + topic);
        List<String> ordinary = member(topic);

        List<String> sent = publish(topic, 4);

        await().atMost(TestClients.PATIENCE).until(() -> total(firstGroup) == 4 && secondGroup.size() == 4
                && ordinary.size() == 4);
        assertThat(firstGroup.stream().flatMap(List::stream).toList()).containsExactlyInAnyOrderElementsOf(sent);
        assertThat(secondGroup).containsExactlyElementsOf(sent);
        assertThat(ordinary).containsExactlyElementsOf(sent);
    }

    @Test
    void sharedSubscribeGetsNoRetainedMessages() throws Exception {
        String topic = Clients.unique("shared-retained");
        publisher.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).retain(true)
                .payload(TestClients.utf8("retained")).send();
        try {
            Mqtt5Subscriber member = clients.subscriber5("$share/" + Clients.unique("g") + "/" + topic,
                    MqttQos.AT_LEAST_ONCE);
            Mqtt5Subscriber ordinary = clients.subscriber5(topic, MqttQos.AT_LEAST_ONCE);

            assertThat(TestClients.text(ordinary.receive())).as("control").isEqualTo("retained");
            member.assertNothingReceived(); // [MQTT-4.8.2-6]
            TestClients.publish(publisher, topic, MqttQos.AT_LEAST_ONCE, "live");
            assertThat(TestClients.text(member.receive())).isEqualTo("live");
        } finally {
            publisher.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).retain(true).send(); // acknowledged: cleared
        }
    }

    @Test
    void messagesALeavingMemberLeftUnacknowledgedGoToAnotherMember() throws Exception {
        String topic = Clients.unique("shared-leave");
        String filter = "$share/" + Clients.unique("g") + "/" + topic;
        RawClient leaving = clients.raw(connect5(Clients.unique("leaving")));
        leaving.send(Packets.subscribe5(1, 0, filter, 1));
        assertThat(leaving.read().reasonCodes()).containsExactly(1);
        List<String> staying = member(filter);

        List<String> sent = publish(topic, 4);
        List<String> unacknowledged = leaving.readPublishes(2).stream().map(Packet::payload).toList();
        leaving.close(); // without PUBACK

        await().atMost(TestClients.PATIENCE).until(() -> staying.size() == 4);
        await().during(TestClients.QUIET).atMost(TestClients.QUIET.multipliedBy(3)).until(() -> staying.size() == 4);
        assertThat(staying).containsExactlyInAnyOrderElementsOf(sent).containsAll(unacknowledged);
    }

    @Test
    void qos2MessageTheLeavingMemberAlreadyReceivedIsNotRedelivered() throws Exception {
        String topic = Clients.unique("shared-leave-qos2");
        String filter = "$share/" + Clients.unique("g") + "/" + topic;
        RawClient leaving = clients.raw(connect5(Clients.unique("leaving")));
        leaving.send(Packets.subscribe5(1, 0, filter, 2));
        assertThat(leaving.read().reasonCodes()).containsExactly(2);
        List<String> staying = member(filter, MqttQos.EXACTLY_ONCE);

        List<String> sent = publish(topic, MqttQos.EXACTLY_ONCE, 4);
        List<Packet> taken = leaving.readPublishes(2);
        Packet pubrel = leaving.send(Packets.pubrec(taken.get(0).packetId())).read();
        assertThat(pubrel.header()).isEqualTo(0x62);
        leaving.close(); // received the first (PUBREC), not the second

        await().atMost(TestClients.PATIENCE).until(() -> staying.size() == 3);
        await().during(TestClients.QUIET).atMost(TestClients.QUIET.multipliedBy(3)).until(() -> staying.size() == 3);
        assertThat(staying).doesNotHaveDuplicates().contains(taken.get(1).payload())
                .doesNotContain(taken.get(0).payload());
        assertThat(sent).containsAll(staying);
    }

    @Test
    void noLocalOnASharedSubscriptionIsAProtocolError() throws Exception {
        RawClient client = clients.raw(connect5(Clients.unique("raw")));

        client.send(Packets.subscribe5(1, 0, "$share/" + Clients.unique("g") + "/t", 1 | 0x04));

        byte[] sent = client.awaitClosed(RawClient.CLOSE_TIMEOUT); // [MQTT-3.8.3-4]
        assertThat(sent).as("DISCONNECT").startsWith((byte) 0xE0);
        assertThat(sent[2] & 0xFF).isEqualTo(0x82);
    }

    @Test
    void malformedShareNamesAreRefusedWithTopicFilterInvalid() throws Exception {
        RawClient client = clients.raw(connect5(Clients.unique("raw")));
        String group = Clients.unique("g");

        client.send(Packets.subscribe5(1, 0, "$share/" + group, 1, "$share//t", 1, "$share/" + group + "+/t", 1,
                "$share/" + group + "#/t", 1, "$share/" + group + "/t", 1));

        // [MQTT-4.8.2-1] [MQTT-4.8.2-2] a share name of one or more characters without / + #, then / and a filter
        assertThat(client.read().reasonCodes()).containsExactly(0x8F, 0x8F, 0x8F, 0x8F, 0x01);
    }

    @Test
    void memberThatUnsubscribedNoLongerReceives() throws Exception {
        String topic = Clients.unique("shared-unsub");
        String filter = "$share/" + Clients.unique("g") + "/" + topic;
        Mqtt5Subscriber quitting = clients.subscriber5(filter, MqttQos.AT_LEAST_ONCE);
        List<String> staying = member(filter);

        quitting.client().unsubscribeWith().topicFilter(filter).send();
        List<String> sent = publish(topic, 6);

        await().atMost(TestClients.PATIENCE).until(() -> staying.size() == 6);
        assertThat(staying).containsExactlyElementsOf(sent);
        quitting.assertNothingReceived();
    }

    @Test
    void pahoMembersShareTheMessages() throws Exception {
        String topic = Clients.unique("shared-paho");
        String filter = "$share/" + Clients.unique("g") + "/" + topic;
        Paho5Client first = clients.paho5(Clients.unique("paho-m1")).connect();
        first.subscribe(new MqttSubscription(filter, 1));
        Paho5Client second = clients.paho5(Clients.unique("paho-m2")).connect();
        second.subscribe(new MqttSubscription(filter, 1));
        Paho5Client pahoPublisher = clients.paho5(Clients.unique("paho-pub")).connect();

        List<String> sent = IntStream.range(0, 10).mapToObj(i -> "m" + i).toList();
        for (String payload : sent) {
            MqttMessage message = new MqttMessage(TestClients.utf8(payload));
            message.setQos(1);
            pahoPublisher.publish(topic, message);
        }

        List<String> received = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            received.add(first.receive().text());
            received.add(second.receive().text());
        }
        assertThat(received).containsExactlyInAnyOrderElementsOf(sent);
        first.assertNothingReceived();
    }

    /** A connected member (or ordinary subscriber) of {@code filter}, and the payloads it receives, in order. */
    private List<String> member(String filter) {
        return member(filter, MqttQos.AT_LEAST_ONCE);
    }

    private List<String> member(String filter, MqttQos qos) {
        List<String> received = new CopyOnWriteArrayList<>();
        Mqtt5BlockingClient client = clients.connected5("member");
        client.toAsync().publishes(MqttGlobalPublishFilter.ALL,
                publish -> received.add(TestClients.text(publish)));
        client.subscribeWith().topicFilter(filter).qos(qos).send();
        return received;
    }

    private List<String> publish(String topic, int count) {
        return publish(topic, MqttQos.AT_LEAST_ONCE, count);
    }

    private List<String> publish(String topic, MqttQos qos, int count) {
        List<String> sent = IntStream.range(0, count).mapToObj(i -> "m" + i).toList();
        sent.forEach(payload -> TestClients.publish(publisher, topic, qos, payload));
        return sent;
    }

    private static int total(List<List<String>> members) {
        return members.stream().mapToInt(List::size).sum();
    }
}
