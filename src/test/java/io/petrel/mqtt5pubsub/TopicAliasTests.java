package io.petrel.mqtt5pubsub;

import static io.petrel.test.client.Packets.TOPIC_ALIAS;
import static io.petrel.test.client.Packets.connect5;
import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
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
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * MQTT 5 topic aliases in both directions (mosquitto 03-publish-*-topic-alias*): the broker resolves the
 * aliases a client sets, up to {@code mqtt.topic-alias-maximum} (10 by default), and uses aliases towards
 * clients that allow them in CONNECT.
 */
@BrokerTest
class TopicAliasTests {

    /** The default {@code mqtt.topic-alias-maximum}. */
    private static final int BROKER_ALIAS_MAXIMUM = 10;

    @RegisterExtension
    final TestClients clients = new TestClients();

    @Test
    void inboundTopicAliasResolvesToTheTopicItWasSetWith() throws Exception {
        String topic = Clients.unique("alias-in");
        Mqtt5Subscriber subscriber = clients.subscriber5(topic, MqttQos.AT_LEAST_ONCE);
        RawClient publisher = clients.raw(connect5(Clients.unique("raw-pub")));

        publisher.send(Packets.publish5(topic, 1, 1).properties(alias(3)).payload("sets the alias").bytes());
        publisher.send(Packets.publish5("", 1, 2).properties(alias(3)).payload("uses the alias").bytes());

        assertThat(publisher.read().reasonCode()).isZero();
        assertThat(publisher.read().reasonCode()).isZero();
        Mqtt5Publish first = subscriber.receive();
        Mqtt5Publish second = subscriber.receive();
        assertThat(TestClients.text(first)).isEqualTo("sets the alias");
        assertThat(TestClients.text(second)).isEqualTo("uses the alias");
        assertThat(second.getTopic().toString()).isEqualTo(topic);
    }

    @Test
    void inboundTopicAliasCanBeMappedToAnotherTopic() throws Exception {
        String prefix = Clients.unique("alias-remap");
        Mqtt5Subscriber subscriber = clients.subscriber5(prefix + "/+", MqttQos.AT_LEAST_ONCE);
        RawClient publisher = clients.raw(connect5(Clients.unique("raw-pub")));

        publisher.send(
                Packets.publish5(prefix + "/one", 1, 1).properties(alias(BROKER_ALIAS_MAXIMUM)).payload("1").bytes(),
                Packets.publish5(prefix + "/two", 1, 2).properties(alias(BROKER_ALIAS_MAXIMUM)).payload("2").bytes(),
                Packets.publish5("", 1, 3).properties(alias(BROKER_ALIAS_MAXIMUM)).payload("3").bytes());

        List<String> topics = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            topics.add(subscriber.receive().getTopic().toString());
        }
        assertThat(topics).containsExactly(prefix + "/one", prefix + "/two", prefix + "/two");
    }

    @ParameterizedTest(name = "topic ''{0}'' with alias {1}")
    @CsvSource({"set, 0", "set, 11", "'', 4"})
    void invalidTopicAliasClosesTheConnectionWithTopicAliasInvalid(String topic, int alias) throws Exception {
        String target = topic.isEmpty() ? "" : Clients.unique("alias-bad");
        RawClient publisher = clients.raw(connect5(Clients.unique("raw-pub")));

        // alias 0 and aliases above the maximum are out of range; alias 4 was never set on this connection
        publisher.send(Packets.publish5(target, 1, 1).properties(alias(alias)).payload("x").bytes());

        byte[] sent = publisher.awaitClosed(RawClient.CLOSE_TIMEOUT);
        assertThat(sent).as("DISCONNECT with reason code 0x94").startsWith((byte) 0xE0);
        assertThat(sent[2] & 0xFF).isEqualTo(0x94); // [MQTT-3.3.2-8] [MQTT-3.3.2-9]
    }

    @Test
    void brokerSendsTopicAliasesToAClientThatAllowsThem() throws Exception {
        String prefix = Clients.unique("alias-out");
        RawClient subscriber = clients.raw(connect5(Clients.unique("raw-sub"))
                .properties(Packets.properties().twoBytes(Packets.TOPIC_ALIAS_MAXIMUM, 5)));
        subscriber.send(Packets.subscribe5(1, 0, prefix + "/+", 0));
        assertThat(subscriber.read().reasonCodes()).containsExactly(0);
        Mqtt5BlockingClient publisher = clients.connected5("pub");

        for (String suffix : List.of("a", "a", "b", "a", "b")) {
            TestClients.publish(publisher, prefix + "/" + suffix, MqttQos.AT_MOST_ONCE, suffix);
        }

        List<Packet> received = subscriber.readPublishes(5);
        assertThat(received).extracting(Packet::payload).containsExactly("a", "a", "b", "a", "b");
        assertThat(received).extracting(Packet::topic)
                .containsExactly(prefix + "/a", "", prefix + "/b", "", "");
        Long aliasA = received.get(0).properties().integer(TOPIC_ALIAS);
        Long aliasB = received.get(2).properties().integer(TOPIC_ALIAS);
        assertThat(List.of(aliasA, aliasB)).doesNotHaveDuplicates().allSatisfy(
                alias -> assertThat(alias).isBetween(1L, 5L)); // [MQTT-3.3.2-10] within the client's maximum
        assertThat(received).extracting(packet -> packet.properties().integer(TOPIC_ALIAS))
                .containsExactly(aliasA, aliasA, aliasB, aliasA, aliasB);
    }

    @Test
    void brokerSendsNoTopicAliasesToAClientThatDidNotAllowThem() throws Exception {
        String topic = Clients.unique("alias-none");
        RawClient subscriber = clients.raw(connect5(Clients.unique("raw-sub")));
        subscriber.send(Packets.subscribe5(1, 0, topic, 0));
        assertThat(subscriber.read().reasonCodes()).containsExactly(0);
        Mqtt5BlockingClient publisher = clients.connected5("pub");

        TestClients.publish(publisher, topic, MqttQos.AT_MOST_ONCE, "1");
        TestClients.publish(publisher, topic, MqttQos.AT_MOST_ONCE, "2");

        List<Packet> received = subscriber.readPublishes(2);
        assertThat(received).extracting(Packet::topic).containsExactly(topic, topic);
        assertThat(received).allSatisfy(packet -> assertThat(packet.properties().has(TOPIC_ALIAS)).isFalse());
    }

    @Test
    void brokerUsesNoMoreAliasesThanTheClientAllows() throws Exception {
        String prefix = Clients.unique("alias-max");
        RawClient subscriber = clients.raw(connect5(Clients.unique("raw-sub"))
                .properties(Packets.properties().twoBytes(Packets.TOPIC_ALIAS_MAXIMUM, 1)));
        subscriber.send(Packets.subscribe5(1, 0, prefix + "/+", 0));
        assertThat(subscriber.read().reasonCodes()).containsExactly(0);
        Mqtt5BlockingClient publisher = clients.connected5("pub");

        for (String suffix : List.of("a", "b", "b", "a")) {
            TestClients.publish(publisher, prefix + "/" + suffix, MqttQos.AT_MOST_ONCE, suffix);
        }

        List<Packet> received = subscriber.readPublishes(4);
        assertThat(received).extracting(Packet::topic).containsExactly(prefix + "/a", prefix + "/b", prefix + "/b", "");
        assertThat(received).extracting(packet -> packet.properties().integer(TOPIC_ALIAS))
                .containsExactly(1L, null, null, 1L);
    }

    @Test
    void hivemqClientThatAllowsTopicAliasesReceivesCorrectTopics() throws Exception {
        String prefix = Clients.unique("alias-hivemq");
        Mqtt5BlockingClient client = clients.hivemq5(Clients.unique("aliased"));
        Mqtt5Subscriber subscriber = new Mqtt5Subscriber(client, clients.publishes(client));
        client.connectWith().restrictions().topicAliasMaximum(2).applyRestrictions().send();
        client.subscribeWith().topicFilter(prefix + "/#").qos(MqttQos.AT_LEAST_ONCE).send();
        Mqtt5BlockingClient publisher = clients.connected5("pub");

        List<String> sent = List.of("a", "b", "c", "a", "b", "c", "a");
        for (String suffix : sent) {
            TestClients.publish(publisher, prefix + "/" + suffix, MqttQos.AT_LEAST_ONCE, suffix);
        }

        for (String suffix : sent) {
            Mqtt5Publish received = subscriber.receive();
            assertThat(TestClients.text(received)).isEqualTo(suffix);
            assertThat(received.getTopic().toString()).isEqualTo(prefix + "/" + suffix);
        }
    }

    @Test
    void pahoPublisherTopicAliasesAreResolvedByTheBroker() throws Exception {
        String topic = Clients.unique("alias-paho");
        Mqtt5Subscriber subscriber = clients.subscriber5(topic, MqttQos.AT_LEAST_ONCE);
        // Paho sets an alias on its first PUBLISH to a topic and sends the alias alone afterwards, since the
        // broker's CONNACK allows 10. (A Paho 1.2.5 subscriber cannot take aliases: it maps them to the empty
        // topic, eclipse-paho/paho.mqtt.java#866.)
        Paho5Client publisher = clients.paho5(Clients.unique("paho-pub")).connect();

        for (int i = 1; i <= 3; i++) {
            MqttMessage message = new MqttMessage(TestClients.utf8("m" + i));
            message.setQos(1);
            publisher.publish(topic, message);
        }

        for (int i = 1; i <= 3; i++) {
            Mqtt5Publish received = subscriber.receive();
            assertThat(TestClients.text(received)).isEqualTo("m" + i);
            assertThat(received.getTopic().toString()).isEqualTo(topic);
        }
        assertThat(publisher.isConnected()).isTrue();
    }

    /** PUBLISH properties with just this topic alias. */
    private static Packets.Properties alias(int alias) {
        return Packets.properties().twoBytes(TOPIC_ALIAS, alias);
    }
}
