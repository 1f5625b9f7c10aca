package io.petrel.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.petrel.test.Clients;
import io.petrel.test.cluster.SharedCluster;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Three nodes on one Redis: what a client of one node publishes reaches the matching subscribers of the
 * others once per subscription, and only the nodes that own a matching session receive a forward.
 */
class ClusterRoutingTests {

    private static final Duration PATIENCE = Duration.ofSeconds(15);
    private static final Duration QUIET = Duration.ofMillis(700);

    @RegisterExtension
    static final SharedCluster cluster = SharedCluster.onRedis(3);

    /** A connected MQTT 5 client of the node, with a unique id. */
    private static Mqtt5BlockingClient mqtt5(int node, String prefix) {
        Mqtt5BlockingClient client = cluster.clients().mqtt5(cluster.node(node), Clients.unique(prefix));
        client.connect();
        return client;
    }

    /** A connected MQTT 3.1.1 client of the node, with a unique id. */
    private static Mqtt3BlockingClient mqtt3(int node, String prefix) {
        Mqtt3BlockingClient client = cluster.clients().mqtt3(cluster.node(node), Clients.unique(prefix));
        client.connect();
        return client;
    }

    @ParameterizedTest
    @EnumSource(MqttQos.class)
    void aMqtt5SubscriberOnOneNodeReceivesWhatAClientOfAnotherPublishesOnce(MqttQos qos) throws Exception {
        String base = Clients.unique("cross");
        Mqtt5BlockingClient subscriber = mqtt5(0, "sub");
        var received = cluster.clients().publishes(subscriber);
        subscriber.subscribeWith().topicFilter(base + "/+/temp").qos(qos).send();
        awaitRouted(1, base + "/probe/temp", received);

        Mqtt5BlockingClient publisher = mqtt5(1, "pub");
        publisher.publishWith().topic(base + "/kitchen/temp").qos(qos).payload("21.5".getBytes(StandardCharsets.UTF_8))
                .send();

        Optional<Mqtt5Publish> message = received.receive(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        assertThat(message).isPresent();
        assertThat(message.get().getTopic().toString()).isEqualTo(base + "/kitchen/temp");
        assertThat(message.get().getQos()).isEqualTo(qos);
        assertThat(new String(message.get().getPayloadAsBytes(), StandardCharsets.UTF_8)).isEqualTo("21.5");
        assertThat(received.receive(QUIET.toMillis(), TimeUnit.MILLISECONDS)).as("no duplicate").isEmpty();
    }

    /**
     * Publishes probes from {@code node} until the subscriber gets one, and drains the probes: the sync is
     * asynchronous, so a test first makes sure the other node knows the subscription.
     */
    private static void awaitRouted(int node, String probeTopic, Mqtt5BlockingClient.Mqtt5Publishes received) {
        Mqtt5BlockingClient prober = mqtt5(node, "probe");
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(200)).until(() -> {
            prober.publishWith().topic(probeTopic).qos(MqttQos.AT_MOST_ONCE).send();
            return received.receive(100, TimeUnit.MILLISECONDS).isPresent();
        });
        prober.disconnect();
        try {
            while (received.receive(QUIET.toMillis(), TimeUnit.MILLISECONDS).isPresent()) {
                // late probes
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void mqtt311ClientsOnDifferentNodesExchangeQos1MessagesInOrder() throws Exception {
        String topic = Clients.unique("ordered") + "/data";
        Mqtt3BlockingClient subscriber = mqtt3(2, "sub");
        var received = cluster.clients().publishes(subscriber);
        subscriber.subscribeWith().topicFilter(topic).qos(MqttQos.AT_LEAST_ONCE).send();
        await().atMost(PATIENCE).until(() -> cluster.node(0).bean(RemoteSubscriptions.class).nodeOf(
                subscriber.getConfig().getClientIdentifier().orElseThrow().toString()) != null);

        Mqtt3BlockingClient publisher = mqtt3(0, "pub");
        for (int i = 0; i < 50; i++) {
            publisher.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload(Integer.toString(i).getBytes()).send();
        }
        for (int i = 0; i < 50; i++) {
            var message = received.receive(PATIENCE.toSeconds(), TimeUnit.SECONDS);
            assertThat(message).isPresent();
            assertThat(new String(message.get().getPayloadAsBytes())).isEqualTo(Integer.toString(i));
        }
        assertThat(received.receive(QUIET.toMillis(), TimeUnit.MILLISECONDS)).isEmpty();
    }

    @Test
    void aForwardGoesOnlyToNodesOwningAMatchingSession() throws Exception {
        String topic = Clients.unique("only") + "/x";
        Mqtt5BlockingClient subscriber = mqtt5(0, "sub");
        var received = cluster.clients().publishes(subscriber);
        subscriber.subscribeWith().topicFilter(topic).qos(MqttQos.AT_LEAST_ONCE).send();
        awaitRouted(1, topic, received);
        long atNode0 = cluster.node(0).bean(Inbox.class).received();
        long atNode2 = cluster.node(2).bean(Inbox.class).received();

        Mqtt5BlockingClient publisher = mqtt5(1, "pub");
        for (int i = 0; i < 10; i++) {
            publisher.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).send();
        }
        for (int i = 0; i < 10; i++) {
            assertThat(received.receive(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isPresent();
        }
        assertThat(cluster.node(0).bean(Inbox.class).received() - atNode0).isEqualTo(10);
        assertThat(cluster.node(2).bean(Inbox.class).received()).isEqualTo(atNode2);
    }

    @Test
    void aSharedSubscriptionAcrossNodesGivesEachMessageToExactlyOneMember() throws Exception {
        String base = Clients.unique("shared");
        String filter = "$share/workers/" + base + "/jobs";
        List<Mqtt5BlockingClient.Mqtt5Publishes> inboxes = new ArrayList<>();
        for (int node : new int[] {0, 2, 2}) {
            Mqtt5BlockingClient member = mqtt5(node, "member");
            var received = cluster.clients().publishes(member);
            member.subscribeWith().topicFilter(filter).qos(MqttQos.AT_LEAST_ONCE).send();
            inboxes.add(received);
        }
        await().atMost(PATIENCE).until(() -> cluster.node(1).bean(RemoteSubscriptions.class).size() >= 3);

        Mqtt5BlockingClient publisher = mqtt5(1, "pub");
        int count = 30;
        for (int i = 0; i < count; i++) {
            publisher.publishWith().topic(base + "/jobs").qos(MqttQos.AT_LEAST_ONCE).payload(("job-" + i).getBytes())
                    .send();
        }
        Set<String> seen = new HashSet<>();
        int total = 0;
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (total < count && System.nanoTime() < deadline) {
            for (var inbox : inboxes) {
                Optional<Mqtt5Publish> message = inbox.receive(50, TimeUnit.MILLISECONDS);
                if (message.isPresent()) {
                    total++;
                    assertThat(seen.add(new String(message.get().getPayloadAsBytes()))).as("delivered once").isTrue();
                }
            }
        }
        for (var inbox : inboxes) {
            assertThat(inbox.receive(QUIET.toMillis() / 3, TimeUnit.MILLISECONDS)).isEmpty();
        }
        assertThat(seen).hasSize(count);
    }
}
