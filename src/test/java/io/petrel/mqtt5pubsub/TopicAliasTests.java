package io.petrel.mqtt5pubsub;

import static io.petrel.mqtt5pubsub.Mqtt5Packets.TOPIC_ALIAS;
import static io.petrel.mqtt5pubsub.Mqtt5Packets.connect;
import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.petrel.mqtt5pubsub.Mqtt5Clients.Subscriber;
import io.petrel.test.BrokerTest;
import io.petrel.test.Clients;
import io.petrel.transport.MqttServer;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * MQTT 5 topic aliases in both directions (mosquitto 03-publish-*-topic-alias*): the broker resolves the
 * aliases a client sets, up to {@code mqtt.topic-alias-maximum} (10 by default), and uses aliases towards
 * clients that allow them in CONNECT.
 */
@BrokerTest
class TopicAliasTests {

    /** The default {@code mqtt.topic-alias-maximum}. */
    private static final int BROKER_ALIAS_MAXIMUM = 10;

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
    void inboundTopicAliasResolvesToTheTopicItWasSetWith() throws Exception {
        String topic = Clients.unique("alias-in");
        Subscriber subscriber = clients.subscriber(topic, MqttQos.AT_LEAST_ONCE);
        RawMqtt5Client publisher = clients.raw(connect(Clients.unique("raw-pub")));

        publisher.send(Mqtt5Packets.publish(topic, 1, 1).topicAlias(3).payload("sets the alias").bytes());
        publisher.send(Mqtt5Packets.publish("", 1, 2).topicAlias(3).payload("uses the alias").bytes());

        assertThat(publisher.read().reasonCode()).isZero();
        assertThat(publisher.read().reasonCode()).isZero();
        Mqtt5Publish first = subscriber.receive();
        Mqtt5Publish second = subscriber.receive();
        assertThat(Mqtt5Clients.text(first)).isEqualTo("sets the alias");
        assertThat(Mqtt5Clients.text(second)).isEqualTo("uses the alias");
        assertThat(second.getTopic().toString()).isEqualTo(topic);
    }

    @Test
    void inboundTopicAliasCanBeMappedToAnotherTopic() throws Exception {
        String prefix = Clients.unique("alias-remap");
        Subscriber subscriber = clients.subscriber(prefix + "/+", MqttQos.AT_LEAST_ONCE);
        RawMqtt5Client publisher = clients.raw(connect(Clients.unique("raw-pub")));

        publisher.send(Mqtt5Packets.publish(prefix + "/one", 1, 1).topicAlias(BROKER_ALIAS_MAXIMUM).payload("1").bytes(),
                Mqtt5Packets.publish(prefix + "/two", 1, 2).topicAlias(BROKER_ALIAS_MAXIMUM).payload("2").bytes(),
                Mqtt5Packets.publish("", 1, 3).topicAlias(BROKER_ALIAS_MAXIMUM).payload("3").bytes());

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
        RawMqtt5Client publisher = clients.raw(connect(Clients.unique("raw-pub")));

        // alias 0 and aliases above the maximum are out of range; alias 4 was never set on this connection
        publisher.send(Mqtt5Packets.publish(target, 1, 1).topicAlias(alias).payload("x").bytes());

        byte[] sent = publisher.awaitClosed();
        assertThat(sent).as("DISCONNECT with reason code 0x94").startsWith((byte) 0xE0);
        assertThat(sent[2] & 0xFF).isEqualTo(0x94); // [MQTT-3.3.2-8] [MQTT-3.3.2-9]
    }

    @Test
    void brokerSendsTopicAliasesToAClientThatAllowsThem() throws Exception {
        String prefix = Clients.unique("alias-out");
        RawMqtt5Client subscriber = clients.raw(connect(Clients.unique("raw-sub")).topicAliasMaximum(5));
        subscriber.send(Mqtt5Packets.subscribe(1, 0, prefix + "/+", 0));
        assertThat(subscriber.read().reasonCodes()).containsExactly(0);
        Mqtt5BlockingClient publisher = clients.connected("pub");

        for (String suffix : List.of("a", "a", "b", "a", "b")) {
            Mqtt5Clients.publish(publisher, prefix + "/" + suffix, MqttQos.AT_MOST_ONCE, suffix);
        }

        List<Packet> received = subscriber.readPublishes(5);
        assertThat(received).extracting(Packet::payload).containsExactly("a", "a", "b", "a", "b");
        assertThat(received).extracting(Packet::topic)
                .containsExactly(prefix + "/a", "", prefix + "/b", "", "");
        int aliasA = (Integer) received.get(0).value(TOPIC_ALIAS).orElseThrow();
        int aliasB = (Integer) received.get(2).value(TOPIC_ALIAS).orElseThrow();
        assertThat(List.of(aliasA, aliasB)).doesNotHaveDuplicates().allSatisfy(
                alias -> assertThat(alias).isBetween(1, 5)); // [MQTT-3.3.2-10] within the client's maximum
        assertThat(received).extracting(packet -> packet.value(TOPIC_ALIAS).orElseThrow())
                .containsExactly(aliasA, aliasA, aliasB, aliasA, aliasB);
    }

    @Test
    void brokerSendsNoTopicAliasesToAClientThatDidNotAllowThem() throws Exception {
        String topic = Clients.unique("alias-none");
        RawMqtt5Client subscriber = clients.raw(connect(Clients.unique("raw-sub")));
        subscriber.send(Mqtt5Packets.subscribe(1, 0, topic, 0));
        assertThat(subscriber.read().reasonCodes()).containsExactly(0);
        Mqtt5BlockingClient publisher = clients.connected("pub");

        Mqtt5Clients.publish(publisher, topic, MqttQos.AT_MOST_ONCE, "1");
        Mqtt5Clients.publish(publisher, topic, MqttQos.AT_MOST_ONCE, "2");

        List<Packet> received = subscriber.readPublishes(2);
        assertThat(received).extracting(Packet::topic).containsExactly(topic, topic);
        assertThat(received).allSatisfy(packet -> assertThat(packet.value(TOPIC_ALIAS)).isEmpty());
    }

    @Test
    void brokerUsesNoMoreAliasesThanTheClientAllows() throws Exception {
        String prefix = Clients.unique("alias-max");
        RawMqtt5Client subscriber = clients.raw(connect(Clients.unique("raw-sub")).topicAliasMaximum(1));
        subscriber.send(Mqtt5Packets.subscribe(1, 0, prefix + "/+", 0));
        assertThat(subscriber.read().reasonCodes()).containsExactly(0);
        Mqtt5BlockingClient publisher = clients.connected("pub");

        for (String suffix : List.of("a", "b", "b", "a")) {
            Mqtt5Clients.publish(publisher, prefix + "/" + suffix, MqttQos.AT_MOST_ONCE, suffix);
        }

        List<Packet> received = subscriber.readPublishes(4);
        assertThat(received).extracting(Packet::topic).containsExactly(prefix + "/a", prefix + "/b", prefix + "/b", "");
        assertThat(received).extracting(packet -> packet.value(TOPIC_ALIAS).orElse(0))
                .containsExactly(1, 0, 0, 1);
    }

    @Test
    void hivemqClientThatAllowsTopicAliasesReceivesCorrectTopics() throws Exception {
        String prefix = Clients.unique("alias-hivemq");
        Mqtt5BlockingClient client = clients.hivemq(Clients.unique("aliased"));
        Subscriber subscriber = new Subscriber(client, clients.publishes(client));
        client.connectWith().restrictions().topicAliasMaximum(2).applyRestrictions().send();
        client.subscribeWith().topicFilter(prefix + "/#").qos(MqttQos.AT_LEAST_ONCE).send();
        Mqtt5BlockingClient publisher = clients.connected("pub");

        List<String> sent = List.of("a", "b", "c", "a", "b", "c", "a");
        for (String suffix : sent) {
            Mqtt5Clients.publish(publisher, prefix + "/" + suffix, MqttQos.AT_LEAST_ONCE, suffix);
        }

        for (String suffix : sent) {
            Mqtt5Publish received = subscriber.receive();
            assertThat(Mqtt5Clients.text(received)).isEqualTo(suffix);
            assertThat(received.getTopic().toString()).isEqualTo(prefix + "/" + suffix);
        }
    }

    @Test
    void pahoPublisherTopicAliasesAreResolvedByTheBroker() throws Exception {
        String topic = Clients.unique("alias-paho");
        Subscriber subscriber = clients.subscriber(topic, MqttQos.AT_LEAST_ONCE);
        // Paho sets an alias on its first PUBLISH to a topic and sends the alias alone afterwards, since the
        // broker's CONNACK allows 10. (A Paho 1.2.5 subscriber cannot take aliases: it maps them to the empty
        // topic, eclipse-paho/paho.mqtt.java#866.)
        PahoClient publisher = clients.paho(Clients.unique("paho-pub")).connect();

        for (int i = 1; i <= 3; i++) {
            MqttMessage message = new MqttMessage(Mqtt5Clients.utf8("m" + i));
            message.setQos(1);
            publisher.publish(topic, message);
        }

        for (int i = 1; i <= 3; i++) {
            Mqtt5Publish received = subscriber.receive();
            assertThat(Mqtt5Clients.text(received)).isEqualTo("m" + i);
            assertThat(received.getTopic().toString()).isEqualTo(topic);
        }
        assertThat(publisher.isConnected()).isTrue();
    }
}
