package io.petrel.flows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import io.petrel.session.DropReason;
import io.petrel.session.DroppedMessages;
import io.petrel.test.BrokerTest;
import io.petrel.test.Clients;
import io.petrel.transport.MqttServer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A burst larger than the outbound buffer reaches a subscriber that keeps up, even with a tiny session
 * queue: the broker flushes when the buffer fills instead of holding messages back (and dropping them).
 * Same context as {@link LimitsTests}.
 */
@BrokerTest(properties = {"mqtt.listeners.tcp.port=0", "mqtt.listeners.tcp.host=127.0.0.1", "management.server.port=0",
    "mqtt.connect-timeout=1s", "mqtt.maximum-packet-size=1KB", "mqtt.maximum-qos=1", "mqtt.max-inflight-messages=2",
    "mqtt.session.max-queued-messages=5"})
class BurstDeliveryTests {

    private static final int MESSAGES = 2_000;

    @Autowired
    MqttServer server;

    @Autowired
    DroppedMessages droppedMessages;

    @Test
    void burstOfQos0MessagesFarBeyondTheWriteBufferReachesAFastSubscriberWhole() throws Exception {
        String topic = Clients.unique("burst");
        AtomicInteger received = new AtomicInteger();
        Mqtt3AsyncClient subscriber = client("burst-sub");
        Mqtt3AsyncClient publisher = client("burst-pub");
        try {
            subscriber.connect().get(10, TimeUnit.SECONDS);
            publisher.connect().get(10, TimeUnit.SECONDS);
            subscriber.subscribeWith().topicFilter(topic).qos(MqttQos.AT_MOST_ONCE)
                    .callback(publish -> received.incrementAndGet()).send().get(10, TimeUnit.SECONDS);
            long droppedBefore = droppedMessages.count(DropReason.QUEUE_FULL);
            byte[] payload = new byte[900]; // 2,000 x 900 B: some thirty times the 64 KiB write buffer
            for (int i = 0; i < MESSAGES; i++) {
                publisher.publishWith().topic(topic).qos(MqttQos.AT_MOST_ONCE).payload(payload).send();
            }

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(received).hasValue(MESSAGES));
            assertThat(droppedMessages.count(DropReason.QUEUE_FULL)).isEqualTo(droppedBefore);
        } finally {
            publisher.disconnect();
            subscriber.disconnect();
        }
    }

    private Mqtt3AsyncClient client(String prefix) {
        return MqttClient.builder().useMqttVersion3().identifier(Clients.unique(prefix)).serverHost("127.0.0.1")
                .serverPort(Clients.port(server)).buildAsync();
    }
}
