package io.petrel.flows;

import static io.petrel.test.client.Packets.connect;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.message.connect.connack.Mqtt3ConnAck;
import io.petrel.test.BrokerTest;
import io.petrel.test.Clients;
import io.petrel.test.client.Mqtt3Subscriber;
import io.petrel.test.client.Packet;
import io.petrel.test.client.Packets;
import io.petrel.test.client.RawClient;
import io.petrel.test.client.TestClients;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A second connection with a client id in use takes the session over (mosquitto 01-connect-take-over*). */
@BrokerTest
class TakeoverTests {

    @RegisterExtension
    final TestClients clients = new TestClients();

    private static final Duration DISCONNECT_TIMEOUT = Duration.ofSeconds(10);

    @Test
    void connectingWithAClientIdInUseClosesTheOlderConnection() throws Exception {
        String clientId = Clients.unique("twin");
        Mqtt3BlockingClient first = clients.hivemq3(clientId);
        first.connect();

        Mqtt3BlockingClient second = clients.hivemq3(clientId);
        second.connect();

        await().atMost(DISCONNECT_TIMEOUT).until(() -> !first.getState().isConnected());
        String topic = Clients.unique("after-takeover");
        Mqtt3Subscriber subscriber = new Mqtt3Subscriber(second, clients.publishes(second));
        second.subscribeWith().topicFilter(topic).qos(MqttQos.AT_LEAST_ONCE).send();
        TestClients.publish(second, topic, MqttQos.AT_LEAST_ONCE, "works");
        assertThat(TestClients.text(subscriber.receive())).isEqualTo("works");
    }

    @Test
    void takenOverPersistentSessionKeepsDeliveringToTheNewConnection() throws Exception {
        String topic = Clients.unique("carried-on");
        String clientId = Clients.unique("mover");
        Mqtt3BlockingClient first = clients.hivemq3(clientId);
        first.connectWith().cleanSession(false).send();
        first.subscribeWith().topicFilter(topic).qos(MqttQos.AT_LEAST_ONCE).send();

        Mqtt3BlockingClient second = clients.hivemq3(clientId);
        Mqtt3Subscriber subscriber = new Mqtt3Subscriber(second, clients.publishes(second));
        Mqtt3ConnAck connAck = second.connectWith().cleanSession(false).send();
        await().atMost(DISCONNECT_TIMEOUT).until(() -> !first.getState().isConnected());
        clients.connected3("pub").publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE)
                .payload(TestClients.utf8("to the new connection")).send();

        assertThat(connAck.isSessionPresent()).isTrue();
        assertThat(TestClients.text(subscriber.receive())).isEqualTo("to the new connection");
    }

    @Test
    void takeoverWithCleanSessionStartsAFreshSession() throws Exception {
        String prefix = Clients.unique("fresh-start");
        String clientId = Clients.unique("restarter");
        Mqtt3BlockingClient first = clients.hivemq3(clientId);
        first.connectWith().cleanSession(false).send();
        first.subscribeWith().topicFilter(prefix + "/old").qos(MqttQos.AT_LEAST_ONCE).send();

        Mqtt3BlockingClient second = clients.hivemq3(clientId);
        Mqtt3Subscriber subscriber = new Mqtt3Subscriber(second, clients.publishes(second));
        Mqtt3ConnAck connAck = second.connectWith().cleanSession(true).send();
        second.subscribeWith().topicFilter(prefix + "/marker").qos(MqttQos.AT_LEAST_ONCE).send();
        Mqtt3BlockingClient publisher = clients.connected3("pub");
        TestClients.publish(publisher, prefix + "/old", MqttQos.AT_LEAST_ONCE, "old");
        TestClients.publish(publisher, prefix + "/marker", MqttQos.AT_LEAST_ONCE, "marker");

        await().atMost(DISCONNECT_TIMEOUT).until(() -> !first.getState().isConnected());
        assertThat(connAck.isSessionPresent()).isFalse();
        assertThat(TestClients.text(subscriber.receive())).isEqualTo("marker");
    }

    @Test
    void messageInFlightAtTakeoverIsResentToTheNewConnection() throws Exception {
        String topic = Clients.unique("inflight-takeover");
        String clientId = Clients.unique("raw-mover");
        RawClient first = clients.raw(connect(clientId).cleanSession(false));
        first.send(Packets.subscribe(1, topic, 1));
        assertThat(first.read().reasonCodes()).containsExactly(1);
        clients.connected3("pub").publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE)
                .payload(TestClients.utf8("in flight")).send();
        Packet original = first.read();

        RawClient second = clients.raw311();
        Packet connack = second.send(connect(clientId).cleanSession(false).bytes()).read();
        Packet resent = second.read();

        assertThat(first.awaitClosed(DISCONNECT_TIMEOUT)).isEmpty();
        assertThat(connack.sessionPresent()).isTrue();
        assertThat(resent.dup()).isTrue();
        assertThat(resent.packetId()).isEqualTo(original.packetId());
        assertThat(resent.payload()).isEqualTo("in flight");
        second.send(Packets.puback(resent.packetId()));
    }

    @Test
    void pahoClientLosesItsConnectionWhenAHivemqClientTakesItsIdOver() throws Exception {
        String clientId = Clients.unique("paho-twin");
        CompletableFuture<Throwable> lost = new CompletableFuture<>();
        MqttClient paho = clients.paho3(clientId);
        paho.setCallback(new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
                lost.complete(cause);
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {}

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {}
        });
        paho.connect();

        clients.hivemq3(clientId).connect();

        assertThat(lost.get(10, TimeUnit.SECONDS)).isNotNull();
        assertThat(paho.isConnected()).isFalse();
    }
}
