package io.petrel.flows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.message.connect.connack.Mqtt3ConnAck;
import io.petrel.session.SessionRegistry;
import io.petrel.test.BrokerTest;
import io.petrel.test.Clients;
import io.petrel.test.client.Mqtt3Subscriber;
import io.petrel.test.client.TestClients;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;

/** A full session queue with {@code mqtt.session.drop-policy=drop-newest} keeps what was queued first. */
@BrokerTest(properties = {"mqtt.listeners.tcp.port=0", "mqtt.listeners.tcp.host=127.0.0.1", "management.server.port=0",
    "mqtt.session.max-queued-messages=5", "mqtt.session.drop-policy=drop-newest"})
class DropNewestQueueTests {

    @RegisterExtension
    final TestClients clients = new TestClients();

    @Autowired
    SessionRegistry sessions;

    @Test
    void offlineQueueKeepsTheOldestMessagesWhenFull() throws Exception {
        String topic = Clients.unique("drop-newest");
        String clientId = Clients.unique("offline");
        Mqtt3BlockingClient first = clients.hivemq3(clientId);
        first.connectWith().cleanSession(false).send();
        first.subscribeWith().topicFilter(topic).qos(MqttQos.EXACTLY_ONCE).send();
        first.disconnect();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> sessions.find(clientId).map(session -> !session.isConnected()).orElse(false));
        Mqtt3BlockingClient publisher = clients.connected3("pub");
        for (int i = 0; i < 8; i++) {
            TestClients.publish(publisher, topic, MqttQos.fromCode(1 + i % 2), "m" + i);
        }

        Mqtt3BlockingClient again = clients.hivemq3(clientId);
        Mqtt3Subscriber subscriber = new Mqtt3Subscriber(again, clients.publishes(again));
        Mqtt3ConnAck connAck = again.connectWith().cleanSession(false).send();
        TestClients.publish(publisher, topic, MqttQos.AT_LEAST_ONCE, "marker");

        assertThat(connAck.isSessionPresent()).isTrue();
        List<String> received = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            received.add(TestClients.text(subscriber.receive()));
        }
        assertThat(received).containsExactly("m0", "m1", "m2", "m3", "m4", "marker");
    }
}
