package io.petrel.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import io.petrel.test.Clients;
import io.petrel.test.cluster.NodeClients;
import io.petrel.test.cluster.SharedCluster;
import io.petrel.test.redis.RedisServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two nodes on a Redis Cluster of three masters: subscription keys of different filters land on different
 * masters, whose keyspace notifications are local to each, and clients of the two nodes still exchange
 * messages on every filter.
 */
class ClusterOnRedisClusterTests {

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final int TOPICS = 12;
    private static final int SLOTS = 16384;

    @RegisterExtension
    static final SharedCluster cluster = SharedCluster.onRedisCluster(2);

    @Test
    void clientsOnDifferentNodesExchangeQos1MessagesOnTopicsSpreadOverEveryMaster() throws Exception {
        String base = Clients.unique("spread");
        List<String> topics = new ArrayList<>();
        for (int i = 0; i < TOPICS; i++) {
            topics.add(base + "/" + i);
        }
        assertThat(topics.stream().map(topic -> master(Keys.subscriptions(topic)).port()).distinct())
                .as("the filters' keys are spread over the masters").hasSize(cluster.redisCluster().nodes().size());
        NodeClients.Connected atNode0 = cluster.clients().connect(cluster.node(0), "sub0");
        NodeClients.Connected atNode1 = cluster.clients().connect(cluster.node(1), "sub1");
        for (String topic : topics) {
            atNode0.client().subscribeWith().topicFilter(topic).qos(MqttQos.AT_LEAST_ONCE).send();
            atNode1.client().subscribeWith().topicFilter(topic).qos(MqttQos.AT_LEAST_ONCE).send();
        }
        // Each node learns the other's subscriptions from the notifications of every master.
        await().atMost(PATIENCE).until(() -> cluster.node(0).bean(RemoteSubscriptions.class).size() == TOPICS
                && cluster.node(1).bean(RemoteSubscriptions.class).size() == TOPICS);

        NodeClients.Connected publisher0 = cluster.clients().connect(cluster.node(0), "pub0");
        NodeClients.Connected publisher1 = cluster.clients().connect(cluster.node(1), "pub1");
        for (String topic : topics) {
            publisher0.client().publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE)
                    .payload(("from0 " + topic).getBytes(StandardCharsets.UTF_8)).send();
            publisher1.client().publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE)
                    .payload(("from1 " + topic).getBytes(StandardCharsets.UTF_8)).send();
        }

        Set<String> expected = new HashSet<>();
        topics.forEach(topic -> {
            expected.add("from0 " + topic);
            expected.add("from1 " + topic);
        });
        assertThat(receive(atNode1, expected.size())).isEqualTo(expected);
        assertThat(receive(atNode0, expected.size())).isEqualTo(expected);
    }

    private static Set<String> receive(NodeClients.Connected subscriber, int count) throws InterruptedException {
        Set<String> payloads = new HashSet<>();
        for (int i = 0; i < count; i++) {
            var message = subscriber.received().receive(PATIENCE.toSeconds(), TimeUnit.SECONDS);
            assertThat(message).as("message %d of %d", i + 1, count).isPresent();
            assertThat(message.get().getQos()).isEqualTo(MqttQos.AT_LEAST_ONCE);
            assertThat(payloads.add(new String(message.get().getPayloadAsBytes(), StandardCharsets.UTF_8)))
                    .as("no duplicate").isTrue();
        }
        return payloads;
    }

    @Test
    void aFieldNamingANodeForASubscriptionItDoesNotHoldIsRemovedOnWhicheverMasterItIs() {
        String base = Clients.unique("stale");
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < TOPICS; i++) {
            String key = Keys.subscriptions(base + "/" + i);
            keys.add(key);
            master(key).command("HSET", key, "gone-" + i, "node-0|1|0|0|0|0");
        }

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(keys)
                .allSatisfy(key -> assertThat(master(key).command("EXISTS", key)).as(key).isEqualTo("0")));
    }

    /** The master that serves the key's slot. */
    private static RedisServer master(String key) {
        int slot = Integer.parseInt(cluster.redisCluster().nodes().get(0).command("CLUSTER", "KEYSLOT", key));
        int masters = cluster.redisCluster().nodes().size();
        int index = 0;
        while (slot >= SLOTS * (index + 1) / masters) {
            index++; // node i serves the i-th third of the slots, as RedisClusterServers assigns them
        }
        return cluster.redisCluster().nodes().get(index);
    }
}
