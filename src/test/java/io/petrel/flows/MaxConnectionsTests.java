package io.petrel.flows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import io.petrel.test.BrokerTest;
import io.petrel.test.Clients;
import io.petrel.test.client.Mqtt3Subscriber;
import io.petrel.test.client.Packets;
import io.petrel.test.client.RawClient;
import io.petrel.test.client.TestClients;
import io.petrel.transport.MqttServer;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;

/** {@code mqtt.max-connections}: connections over the limit are closed at once; the others keep working. */
@BrokerTest(properties = {"mqtt.listeners.tcp.port=0", "mqtt.listeners.tcp.host=127.0.0.1", "management.server.port=0",
    "mqtt.max-connections=2"})
class MaxConnectionsTests {

    @RegisterExtension
    final TestClients clients = new TestClients();

    @Autowired
    MqttServer server;

    @BeforeEach
    void awaitEarlierConnectionsGone() {
        await().atMost(Duration.ofSeconds(10)).until(() -> server.connectionCount() == 0);
    }

    @Test
    void connectionBeyondTheLimitIsClosedWhileTheOthersKeepWorking() throws Exception {
        String topic = Clients.unique("limited");
        Mqtt3Subscriber subscriber = clients.subscriber3(topic, MqttQos.AT_LEAST_ONCE);
        Mqtt3BlockingClient publisher = clients.connected3("pub");

        RawClient third = clients.raw311();

        assertThat(third.awaitClosed(RawClient.READ_TIMEOUT)).isEmpty();
        TestClients.publish(publisher, topic, MqttQos.AT_LEAST_ONCE, "within the limit");
        assertThat(TestClients.text(subscriber.receive())).isEqualTo("within the limit");
    }

    @Test
    void closedConnectionFreesItsPlaceForANewOne() throws Exception {
        Mqtt3BlockingClient first = clients.connected3("first");
        clients.connected3("second");
        first.disconnect();
        await().atMost(Duration.ofSeconds(10)).until(() -> server.connectionCount() == 1);

        RawClient third = clients.raw(Packets.connect(Clients.unique("third")));

        third.send(Packets.PINGREQ);
        assertThat(third.read().header()).isEqualTo(0xD0);
    }
}
