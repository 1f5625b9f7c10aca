package io.petrel.sys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.petrel.event.EventSink;
import io.petrel.event.EventType;
import io.petrel.test.BrokerTest;
import io.petrel.test.Clients;
import io.petrel.test.client.Mqtt5Subscriber;
import io.petrel.test.client.TestClients;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * {@code $SYS} topics on a real broker: the mosquitto-style statistics under {@code $SYS/broker/} (retained,
 * refreshed every {@code mqtt.sys.interval}) and the EMQX-style client events under
 * {@code $SYS/brokers/{node}/clients/}; with no other listener, only the client events are built.
 */
@BrokerTest(properties = {"mqtt.listeners.tcp.port=0", "mqtt.listeners.tcp.host=127.0.0.1", "management.server.port=0",
    "mqtt.sys.interval=200ms", "mqtt.node-name=test-node"})
class SysTopicsTests {

    @RegisterExtension
    final TestClients clients = new TestClients();

    @Autowired
    EventSink events;

    @Test
    void brokerStatisticsArePublishedRetainedWithCurrentValues() throws Exception {
        Mqtt5Subscriber subscriber = clients.subscriber5("sys-reader");
        subscriber.client().subscribeWith().topicFilter("$SYS/broker/#").qos(MqttQos.AT_MOST_ONCE).send();
        Mqtt5BlockingClient publisher = clients.connected5("sys-publisher");
        String topic = Clients.unique("counted");
        for (int i = 0; i < 3; i++) {
            TestClients.publish(publisher, topic, MqttQos.AT_LEAST_ONCE, "message " + i);
        }
        Map<String, String> latest = new ConcurrentHashMap<>();

        awaitValue(subscriber, latest, "$SYS/broker/clients/connected", "2"::equals);
        awaitValue(subscriber, latest, "$SYS/broker/messages/received", value -> Long.parseLong(value) >= 3);
        awaitValue(subscriber, latest, "$SYS/broker/bytes/received", value -> Long.parseLong(value) >= 27);
        awaitValue(subscriber, latest, "$SYS/broker/load/messages/received/1min", value -> Double.parseDouble(value) > 0);

        String version = Optional.ofNullable(SysTopicPublisher.class.getPackage().getImplementationVersion())
                .orElse("unknown");
        assertThat(latest).containsEntry("$SYS/broker/version", "petrel version " + version);
        assertThat(latest.get("$SYS/broker/uptime")).matches("\\d+ seconds");
        assertThat(Long.parseLong(latest.get("$SYS/broker/subscriptions/count"))).isPositive();
        assertThat(latest).containsKeys("$SYS/broker/clients/total", "$SYS/broker/clients/disconnected",
                "$SYS/broker/messages/sent", "$SYS/broker/bytes/sent", "$SYS/broker/retained messages/count",
                "$SYS/broker/load/bytes/sent/15min", "$SYS/broker/load/connections/5min");
    }

    @Test
    void aLateSubscriberGetsTheStatisticsAsRetainedMessages() throws Exception {
        Mqtt5Subscriber subscriber = clients.subscriber5("late-reader");
        subscriber.client().subscribeWith().topicFilter("$SYS/broker/version").qos(MqttQos.AT_MOST_ONCE).send();

        Mqtt5Publish version = subscriber.receive();

        assertThat(version.isRetain()).isTrue();
        assertThat(TestClients.text(version)).startsWith("petrel version ");
    }

    @Test
    void clientLifecycleIsPublishedAsJsonPerClient() throws Exception {
        Mqtt5Subscriber watcher = clients.subscriber5("watcher");
        watcher.client().subscribeWith().topicFilter("$SYS/brokers/test-node/clients/#").qos(MqttQos.AT_MOST_ONCE)
                .send();
        String clientId = Clients.unique("paho-device");
        String filter = Clients.unique("commands") + "/#";
        MqttClient device = clients.paho3(clientId);

        device.connect();
        device.subscribe(filter, 1);
        device.unsubscribe(filter);
        device.disconnect();

        String prefix = "$SYS/brokers/test-node/clients/" + clientId + "/";
        Map<String, String> received = new ConcurrentHashMap<>();
        for (String kind : new String[] {"connected", "subscribed", "unsubscribed", "disconnected"}) {
            awaitValue(watcher, received, prefix + kind, value -> true);
        }
        assertThat(received.get(prefix + "connected")).startsWith("{\"clientid\":\"" + clientId + "\",\"username\":null,")
                .contains("\"ipaddress\":\"127.0.0.1\"", "\"proto_ver\":4", "\"keepalive\":60", "\"connected_at\":",
                        "\"ts\":");
        assertThat(received.get(prefix + "subscribed")).contains("\"topic\":\"" + filter + "\"", "\"qos\":1");
        assertThat(received.get(prefix + "unsubscribed")).contains("\"topic\":\"" + filter + "\"");
        assertThat(received.get(prefix + "disconnected")).contains("\"clientid\":\"" + clientId + "\"",
                "\"reason\":\"normal\"");
    }

    @Test
    void onlyTheClientEventsThatSysPublishesAreBuilt() {
        assertThat(Arrays.stream(EventType.values()).filter(events::wants)).containsExactlyInAnyOrder(
                EventType.CLIENT_CONNECTED, EventType.CLIENT_DISCONNECTED, EventType.CLIENT_SUBSCRIBED,
                EventType.CLIENT_UNSUBSCRIBED);
    }

    /** Reads what arrives into {@code latest} (topic to payload) until {@code topic}'s value satisfies the check. */
    private static void awaitValue(Mqtt5Subscriber subscriber, Map<String, String> latest, String topic,
            Predicate<String> check) {
        await().atMost(TestClients.PATIENCE).until(() -> {
            Optional<Mqtt5Publish> next;
            while ((next = subscriber.publishes().receive(50, TimeUnit.MILLISECONDS)).isPresent()) {
                latest.put(next.get().getTopic().toString(),
                        new String(next.get().getPayloadAsBytes(), StandardCharsets.UTF_8));
            }
            String value = latest.get(topic);
            return value != null && check.test(value);
        });
    }
}
