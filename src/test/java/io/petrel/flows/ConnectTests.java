package io.petrel.flows;

import static io.petrel.test.client.Packets.bytes;
import static io.petrel.test.client.Packets.connect;
import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import io.petrel.test.BrokerTest;
import io.petrel.test.Clients;
import io.petrel.test.client.Mqtt3Subscriber;
import io.petrel.test.client.Packet;
import io.petrel.test.client.Packets;
import io.petrel.test.client.RawClient;
import io.petrel.test.client.TestClients;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** CONNECT and CONNACK, keep-alive and PINGREQ (mosquitto test/broker 01-connect-*, 01-keepalive-*). */
@BrokerTest
class ConnectTests {

    @RegisterExtension
    final TestClients clients = new TestClients();

    @Test
    void connectWithUnsupportedProtocolLevelIsRefusedWithReturnCode1() throws Exception {
        RawClient client = clients.raw311();
        client.send(connect(Clients.unique("level6")).level(6).bytes());

        assertThat(client.readBytes(4)).containsExactly(bytes(0x20, 0x02, 0x00, 0x01));
        assertThat(client.awaitClosed(RawClient.READ_TIMEOUT)).isEmpty();
    }

    @Test
    void emptyClientIdWithCleanSessionIsAcceptedWithAServerAssignedId() throws Exception {
        String topic = Clients.unique("assigned");
        List<RawClient> anonymous = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            RawClient client = clients.raw311();
            // The broker waits for CONNECT without a word (which also lets the JDK's SecureRandom buffer go stale).
            client.assertNothingWithin(Duration.ofMillis(200));
            Packet connack = client.send(connect("").bytes()).read();
            assertThat(connack.reasonCode()).isZero();
            client.send(Packets.subscribe(1, topic, 0));
            assertThat(client.read().type()).as("SUBACK").isEqualTo(9);
            anonymous.add(client);
        }

        clients.connected3("pub").publishWith().topic(topic).payload(TestClients.utf8("to all three")).send();

        // Had two of them been given the same id, the later one would have taken over the earlier one's session.
        for (RawClient client : anonymous) {
            assertThat(client.read().payload()).isEqualTo("to all three");
        }
    }

    @Test
    void emptyClientIdWithoutCleanSessionIsRefusedWithReturnCode2() throws Exception {
        RawClient client = clients.raw311();
        client.send(connect("").cleanSession(false).bytes());

        assertThat(client.awaitClosed(RawClient.READ_TIMEOUT)).containsExactly(bytes(0x20, 0x02, 0x00, 0x02));
    }

    @Test
    void mqtt31ConnectWithEmptyClientIdIsRefusedWithReturnCode2() throws Exception {
        RawClient client = clients.raw311();
        client.send(connect("").level(3).bytes());

        assertThat(client.awaitClosed(RawClient.READ_TIMEOUT)).containsExactly(bytes(0x20, 0x02, 0x00, 0x02));
    }

    @Test
    void mqtt31ClientConnectsAndExchangesMessagesWithAnMqtt311Client() throws Exception {
        String topic = Clients.unique("v31");
        BlockingQueue<String> pahoReceived = new LinkedBlockingQueue<>();
        MqttClient paho = clients.paho3(Clients.unique("paho31"));
        paho.setCallback(new Collecting(pahoReceived));
        MqttConnectOptions options = new MqttConnectOptions();
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1);
        paho.connect(options);
        paho.subscribe(topic + "/to-paho", 2);
        Mqtt3Subscriber hivemq = clients.subscriber3(topic + "/to-hivemq", MqttQos.EXACTLY_ONCE);

        paho.publish(topic + "/to-hivemq", TestClients.utf8("from 3.1"), 2, false);
        TestClients.publish(hivemq.client(), topic + "/to-paho", MqttQos.AT_LEAST_ONCE, "from 3.1.1");

        Mqtt3Publish received = hivemq.receive();
        assertThat(TestClients.text(received)).isEqualTo("from 3.1");
        assertThat(received.getQos()).isEqualTo(MqttQos.EXACTLY_ONCE);
        assertThat(pahoReceived.poll(10, TimeUnit.SECONDS)).isEqualTo("from 3.1.1 at QoS 1");
    }

    @Test
    void secondConnectOnTheSameConnectionClosesIt() throws Exception {
        String clientId = Clients.unique("twice");
        RawClient client = clients.raw(connect(clientId));

        client.send(connect(clientId).bytes());

        assertThat(client.awaitClosed(RawClient.READ_TIMEOUT)).isEmpty();
    }

    @Test
    void firstPacketOtherThanConnectClosesTheConnectionWithoutRoutingIt() throws Exception {
        String topic = Clients.unique("early");
        Mqtt3Subscriber subscriber = clients.subscriber3(topic, MqttQos.AT_MOST_ONCE);
        RawClient client = clients.raw311();

        client.send(Packets.publish(topic, "before connect", 0, 0));

        assertThat(client.awaitClosed(RawClient.READ_TIMEOUT)).isEmpty();
        subscriber.assertNothingReceived();
    }

    @Test
    void pingreqBeforeConnectClosesTheConnection() throws Exception {
        RawClient client = clients.raw311();

        client.send(Packets.PINGREQ);

        assertThat(client.awaitClosed(RawClient.READ_TIMEOUT)).isEmpty();
    }

    @Test
    void pingreqIsAnsweredWithPingresp() throws Exception {
        RawClient client = clients.raw(connect(Clients.unique("ping")));

        client.send(Packets.PINGREQ);

        Packet pingresp = client.read();
        assertThat(pingresp.header()).isEqualTo(0xD0);
        assertThat(pingresp.body()).isEmpty();
    }

    @Test
    void keepAliveClosesASilentConnectionAfterOneAndAHalfIntervalsAndPublishesItsWill() throws Exception {
        String willTopic = Clients.unique("keepalive-will");
        Mqtt3Subscriber subscriber = clients.subscriber3(willTopic, MqttQos.AT_LEAST_ONCE);
        RawClient client = clients.raw(connect(Clients.unique("silent")).keepAlive(1)
                .will(willTopic, "timed out", 1, false));
        long connected = System.nanoTime();

        client.awaitClosed(Duration.ofSeconds(10));

        long closedAfterMillis = Duration.ofNanos(System.nanoTime() - connected).toMillis();
        assertThat(closedAfterMillis).as("closed after 1.5 x the 1 s keep-alive, not after 1 x")
                .isGreaterThanOrEqualTo(1400);
        Mqtt3Publish will = subscriber.receive();
        assertThat(TestClients.text(will)).isEqualTo("timed out");
        assertThat(will.getQos()).isEqualTo(MqttQos.AT_LEAST_ONCE);
    }

    @Test
    void pingsKeepAConnectionAlivePastItsKeepAliveTimeout() throws Exception {
        RawClient client = clients.raw(connect(Clients.unique("pinging")).keepAlive(1));

        // 6 x 0.5 s of silence from the broker, each followed by a ping: 3 s, twice the 1.5 s timeout.
        for (int i = 0; i < 6; i++) {
            client.assertNothingWithin(TestClients.QUIET);
            client.send(Packets.PINGREQ);
            assertThat(client.read().header()).isEqualTo(0xD0);
        }
    }

    @Test
    void hivemqClientWithKeepAliveStaysConnectedThroughPings() throws Exception {
        Mqtt3BlockingClient client = clients.hivemq3(Clients.unique("hivemq-keepalive"));
        client.connectWith().keepAlive(1).send();
        String topic = Clients.unique("alive");
        Mqtt3Subscriber subscriber = clients.subscriber3(topic, MqttQos.AT_MOST_ONCE);

        // 4 x 0.5 s of quiet: past the 1.5 s timeout, so only the client's PINGREQs kept it open.
        for (int i = 0; i < 4; i++) {
            subscriber.assertNothingReceived();
        }
        client.publishWith().topic(topic).payload(TestClients.utf8("still here")).send();

        assertThat(TestClients.text(subscriber.receive())).isEqualTo("still here");
        assertThat(client.getState().isConnected()).isTrue();
    }

    @Test
    void packetsPipelinedBehindConnectAreHandledInOrderAfterTheConnack() throws Exception {
        String topic = Clients.unique("pipelined");
        RawClient client = clients.raw311();

        client.send(connect(Clients.unique("eager")).bytes(), Packets.subscribe(5, topic, 1),
                Packets.publish(topic, "to myself", 1, 6));

        Packet connack = client.read();
        Packet suback = client.read();
        List<Packet> rest = List.of(client.read(), client.read());
        assertThat(connack.header()).isEqualTo(0x20);
        assertThat(connack.reasonCode()).isZero();
        assertThat(suback.header()).isEqualTo(0x90);
        assertThat(suback.packetId()).isEqualTo(5);
        assertThat(rest).anySatisfy(packet -> {
            assertThat(packet.header()).as("PUBACK").isEqualTo(0x40);
            assertThat(packet.packetId()).isEqualTo(6);
        });
        assertThat(rest).anySatisfy(packet -> {
            assertThat(packet.isPublish()).isTrue();
            assertThat(packet.payload()).as("subscribed before it was published").isEqualTo("to myself");
        });
    }

    /** Collects Paho's incoming messages as "payload at QoS n". */
    private record Collecting(BlockingQueue<String> received) implements MqttCallback {

        @Override
        public void connectionLost(Throwable cause) {}

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            received.add(new String(message.getPayload(), StandardCharsets.UTF_8) + " at QoS "
                    + message.getQos());
        }

        @Override
        public void deliveryComplete(IMqttDeliveryToken token) {}
    }
}
