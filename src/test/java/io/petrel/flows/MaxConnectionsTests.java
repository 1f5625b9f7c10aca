package io.petrel.flows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import io.petrel.flows.FlowClients.Subscriber;
import io.petrel.test.BrokerTest;
import io.petrel.test.Clients;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code mqtt.max-connections}: connections over the limit are closed at once; the others keep working. */
@BrokerTest(properties = {"mqtt.listeners.tcp.port=0", "mqtt.listeners.tcp.host=127.0.0.1", "management.server.port=0",
    "mqtt.max-connections=2"})
class MaxConnectionsTests extends FlowTest {

    @BeforeEach
    void awaitEarlierConnectionsGone() {
        await().atMost(Duration.ofSeconds(10)).until(() -> server.connectionCount() == 0);
    }

    @Test
    void connectionBeyondTheLimitIsClosedWhileTheOthersKeepWorking() throws Exception {
        String topic = Clients.unique("limited");
        Subscriber subscriber = clients.subscriber(topic, MqttQos.AT_LEAST_ONCE);
        Mqtt3BlockingClient publisher = clients.connected("pub");

        RawClient third = clients.raw();

        assertThat(third.awaitClosed(RawClient.READ_TIMEOUT)).isEmpty();
        FlowClients.publish(publisher, topic, MqttQos.AT_LEAST_ONCE, "within the limit");
        assertThat(FlowClients.text(subscriber.receive())).isEqualTo("within the limit");
    }

    @Test
    void closedConnectionFreesItsPlaceForANewOne() throws Exception {
        Mqtt3BlockingClient first = clients.connected("first");
        clients.connected("second");
        first.disconnect();
        await().atMost(Duration.ofSeconds(10)).until(() -> server.connectionCount() == 1);

        RawClient third = clients.raw(RawPackets.connect(Clients.unique("third")));

        third.send(RawPackets.PINGREQ);
        assertThat(third.read().header()).isEqualTo(0xD0);
    }
}
