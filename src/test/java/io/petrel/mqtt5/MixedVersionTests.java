package io.petrel.mqtt5;

import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient.Mqtt3Publishes;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PayloadFormatIndicator;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.petrel.test.BrokerTest;
import io.petrel.test.Clients;
import io.petrel.test.client.Mqtt5Subscriber;
import io.petrel.test.client.Packet;
import io.petrel.test.client.Packets;
import io.petrel.test.client.Paho5Client;
import io.petrel.test.client.RawClient;
import io.petrel.test.client.TestClients;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * MQTT 3.1.1 and 5.0 clients on one broker: a 3.1.1 subscriber receives what a 5.0 publisher sends, with
 * the properties dropped (the PUBLISH is a plain 3.1.1 one on the wire), and a 5.0 subscriber receives
 * what a 3.1.1 publisher sends, without properties.
 */
@BrokerTest
class MixedVersionTests {

    @RegisterExtension
    final TestClients clients = new TestClients();

    @Test
    void mqtt311SubscriberReceivesAPlainPublishFromAnMqtt5Publisher() throws Exception {
        String topic = Clients.unique("v5-to-v3");
        RawClient subscriber = clients.raw311();
        subscriber.connectSuccessfully(Packets.connect(Clients.unique("raw311")));
        assertThat(subscriber.send(Packets.subscribe(1, topic, 1)).read().type())
                .isEqualTo(Packet.SUBACK);

        publishWithProperties(clients.connected5("v5-pub"), topic, "hello, 3.1.1");

        Packet publish = subscriber.read();
        assertThat(publish.isPublish()).isTrue();
        assertThat(publish.topic()).isEqualTo(topic);
        assertThat(publish.qos()).isEqualTo(1);
        assertThat(publish.payload()).as("no property bytes before the payload").isEqualTo("hello, 3.1.1");
        assertThat(publish.body()).hasSize(2 + topic.length() + 2 + "hello, 3.1.1".length());
    }

    @Test
    void hivemqMqtt311SubscriberReceivesFromAnMqtt5Publisher() throws Exception {
        String topic = Clients.unique("v5-to-hivemq3");
        Mqtt3BlockingClient subscriber = clients.hivemq3(Clients.unique("v3-sub"));
        subscriber.connect();
        try (Mqtt3Publishes received = subscriber.publishes(MqttGlobalPublishFilter.ALL)) {
            subscriber.subscribeWith().topicFilter(topic).qos(MqttQos.EXACTLY_ONCE).send();

            publishWithProperties(clients.connected5("v5-pub"), topic, "from five");

            Mqtt3Publish message = received.receive(10, TimeUnit.SECONDS).orElseThrow();
            assertThat(message.getTopic().toString()).isEqualTo(topic);
            assertThat(new String(message.getPayloadAsBytes(), StandardCharsets.UTF_8)).isEqualTo("from five");
            assertThat(message.getQos()).isEqualTo(MqttQos.AT_LEAST_ONCE);
            assertThat(message.isRetain()).isFalse();
        }
    }

    @Test
    void mqtt5SubscriberReceivesFromAnMqtt311PublisherWithoutProperties() throws Exception {
        String topic = Clients.unique("v3-to-v5");
        Mqtt5Subscriber subscriber = clients.subscriber5(topic, MqttQos.EXACTLY_ONCE);
        Mqtt3BlockingClient publisher = clients.hivemq3(Clients.unique("v3-pub"));
        publisher.connect();

        publisher.publishWith().topic(topic).qos(MqttQos.EXACTLY_ONCE).payload(TestClients.utf8("from 3.1.1")).send();

        Mqtt5Publish message = subscriber.receive();
        assertThat(TestClients.text(message)).isEqualTo("from 3.1.1");
        assertThat(message.getQos()).isEqualTo(MqttQos.EXACTLY_ONCE);
        assertThat(message.getUserProperties().asList()).isEmpty();
        assertThat(message.getContentType()).isEmpty();
        assertThat(message.getPayloadFormatIndicator()).isEmpty();
        assertThat(message.getMessageExpiryInterval()).isEmpty();
        assertThat(message.getResponseTopic()).isEmpty();
        assertThat(message.getCorrelationData()).isEmpty();
    }

    @Test
    void retainedMessageOfAnMqtt311PublisherReachesALaterMqtt5Subscriber() throws Exception {
        String topic = Clients.unique("v3-retained");
        Mqtt3BlockingClient publisher = clients.hivemq3(Clients.unique("v3-retainer"));
        publisher.connect();
        publisher.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).retain(true)
                .payload(TestClients.utf8("kept")).send();
        try {
            Mqtt5Publish retained = clients.subscriber5(topic, MqttQos.AT_LEAST_ONCE).receive();

            assertThat(TestClients.text(retained)).isEqualTo("kept");
            assertThat(retained.isRetain()).isTrue();
            assertThat(retained.getUserProperties().asList()).isEmpty();
        } finally {
            publisher.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).retain(true).send(); // clears it
        }
    }

    @Test
    void pahoMqtt3SubscriberReceivesFromAPahoMqtt5Publisher() throws Exception {
        String topic = Clients.unique("paho5-to-paho3");
        org.eclipse.paho.client.mqttv3.MqttClient subscriber = clients.paho3(Clients.unique("paho3-sub"));
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        subscriber.connect(new MqttConnectOptions());
        subscriber.subscribe(topic, 1, (t, message) -> received.add(new String(message.getPayload(),
                StandardCharsets.UTF_8)));
        Paho5Client publisher = clients.paho5(Clients.unique("paho5-pub"));
        publisher.connect(new MqttConnectionOptions());
        MqttMessage message = new MqttMessage("from paho 5".getBytes(StandardCharsets.UTF_8), 1, false, null);
        MqttProperties properties = new MqttProperties();
        properties.setContentType("text/plain");
        properties.setUserProperties(List.of(new UserProperty("k", "v")));
        properties.setMessageExpiryInterval(60L);
        message.setProperties(properties);

        publisher.publish(topic, message);

        assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo("from paho 5");
    }

    @Test
    void pahoMqtt5SubscriberReceivesFromAnMqtt311Publisher() throws Exception {
        String topic = Clients.unique("v3-to-paho5");
        Paho5Client subscriber = clients.paho5(Clients.unique("paho5-sub"));
        subscriber.connect(new MqttConnectionOptions());
        subscriber.subscribe(new MqttSubscription(topic, 1));
        Mqtt3BlockingClient publisher = clients.hivemq3(Clients.unique("v3-pub"));
        publisher.connect();

        publisher.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload(TestClients.utf8("to paho 5")).send();

        MqttMessage message = subscriber.receive().message();
        assertThat(new String(message.getPayload(), StandardCharsets.UTF_8)).isEqualTo("to paho 5");
        assertThat(message.getQos()).isEqualTo(1);
        assertThat(message.getProperties().getUserProperties()).isEmpty();
        assertThat(message.getProperties().getContentType()).isNull();
        assertThat(message.getProperties().getMessageExpiryInterval()).isNull();
    }

    private static void publishWithProperties(Mqtt5BlockingClient publisher, String topic, String payload) {
        publisher.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload(TestClients.utf8(payload))
                .payloadFormatIndicator(Mqtt5PayloadFormatIndicator.UTF_8)
                .contentType("text/plain")
                .responseTopic("replies/here")
                .correlationData(new byte[] {1, 2})
                .messageExpiryInterval(300)
                .userProperties().add("trace", "abc").applyUserProperties()
                .send();
    }
}
