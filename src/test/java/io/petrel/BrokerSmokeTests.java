package io.petrel;

import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import io.petrel.test.BrokerTest;
import io.petrel.test.Clients;
import io.petrel.transport.MqttServer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

@BrokerTest
class BrokerSmokeTests {

    @Autowired
    MqttServer server;

    @Test
    void subscriberReceivesWhatAPublisherSendsAtQos1() throws Exception {
        String topic = Clients.unique("smoke");
        Mqtt3BlockingClient subscriber = Clients.mqtt3(server, Clients.unique("sub"));
        Mqtt3BlockingClient publisher = Clients.mqtt3(server, Clients.unique("pub"));
        subscriber.connect();
        publisher.connect();
        try (var publishes = subscriber.publishes(com.hivemq.client.mqtt.MqttGlobalPublishFilter.ALL)) {
            subscriber.subscribeWith().topicFilter(topic).qos(MqttQos.AT_LEAST_ONCE).send();
            publisher.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload("hello".getBytes(StandardCharsets.UTF_8)).send();
            Mqtt3Publish received = publishes.receive(10, TimeUnit.SECONDS).orElseThrow();
            assertThat(new String(received.getPayloadAsBytes(), StandardCharsets.UTF_8)).isEqualTo("hello");
            assertThat(received.getQos()).isEqualTo(MqttQos.AT_LEAST_ONCE);
        } finally {
            subscriber.disconnect();
            publisher.disconnect();
        }
    }
}
