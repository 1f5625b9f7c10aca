package io.petrel.flows;

import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import io.petrel.test.BrokerTest;
import io.petrel.test.Clients;
import io.petrel.test.client.Mqtt3Subscriber;
import io.petrel.test.client.TestClients;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Messages from one publisher reach a subscriber in the order they were published [MQTT-4.6.0-5]
 * (mosquitto 03-publish-*-order).
 */
@BrokerTest
class OrderingTests {

    @RegisterExtension
    final TestClients clients = new TestClients();

    @ParameterizedTest(name = "{1} messages at QoS {0}")
    @CsvSource({"1,500", "0,500", "2,200"})
    void messagesFromOnePublisherArriveInPublishOrder(int qos, int count) throws Exception {
        String topic = Clients.unique("order");
        Mqtt3Subscriber subscriber = clients.subscriber3(topic, MqttQos.fromCode(qos));
        Mqtt3AsyncClient publisher = clients.connected3("pub").toAsync();

        // Published without waiting for each acknowledgement, so that many are in flight at once.
        List<CompletableFuture<?>> sent = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            sent.add(publisher.publishWith().topic(topic).qos(MqttQos.fromCode(qos))
                    .payload(TestClients.utf8(Integer.toString(i))).send());
        }
        CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);

        List<Integer> received = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            received.add(Integer.parseInt(TestClients.text(subscriber.receive())));
        }
        assertThat(received).containsExactlyElementsOf(IntStream.range(0, count).boxed().toList());
    }
}
