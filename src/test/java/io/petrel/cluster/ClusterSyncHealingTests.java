package io.petrel.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import io.petrel.test.Clients;
import io.petrel.test.cluster.NodeClients;
import io.petrel.test.cluster.SharedCluster;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The subscription sync heals what keyspace notifications miss: a node whose Redis connections were killed
 * while another node's subscriptions changed, a change whose notification Redis never sent, and a field left
 * in Redis for a subscription its node does not hold.
 */
class ClusterSyncHealingTests {

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final Duration QUIET = Duration.ofMillis(500);
    private static final String NOTIFICATIONS = "notify-keyspace-events";

    @RegisterExtension
    static final SharedCluster cluster = SharedCluster.onRedis(2);

    @Test
    void everyRedisConnectionOfANodeCarriesTheNodeName() {
        List<String> connections = clientList();
        // The CLIENT LIST caller is this test's own unnamed connection.
        assertThat(connections).filteredOn(line -> !line.contains("cmd=client|list"))
                .allSatisfy(line -> assertThat(field(line, "name")).startsWith("node-"));
        // Commands, keyspace notifications and the inbox's blocking reads, at least, for each node.
        assertThat(idsNamed("node-0")).hasSizeGreaterThanOrEqualTo(3);
        assertThat(idsNamed("node-1")).hasSizeGreaterThanOrEqualTo(3);
    }

    @Test
    void aNodeCutOffFromRedisWhileSubscriptionsChangeRoutesByTheNewSubscriptionsAfterwards() throws Exception {
        String topic = Clients.unique("healing") + "/t";
        NodeClients.Connected leaving = cluster.clients().connect(cluster.node(1), "leaving");
        leaving.client().subscribeWith().topicFilter(topic).qos(MqttQos.AT_LEAST_ONCE).send();
        RemoteSubscriptions atNode0 = cluster.node(0).bean(RemoteSubscriptions.class);
        await().atMost(PATIENCE).until(() -> atNode0.nodeOf(leaving.clientId()) != null);
        long resyncsBefore = cluster.node(0).bean(SubscriptionSync.class).resyncs();

        // Node 0 loses its connections around each change, so the change's notification may not reach it.
        killConnectionsOf("node-0");
        NodeClients.Connected joining = cluster.clients().connect(cluster.node(1), "joining");
        joining.client().subscribeWith().topicFilter(topic).qos(MqttQos.AT_LEAST_ONCE).send();
        killConnectionsOf("node-0");
        leaving.client().unsubscribeWith().topicFilter(topic).send();
        killConnectionsOf("node-0");

        await().atMost(PATIENCE).until(() -> cluster.node(0).bean(SubscriptionSync.class).resyncs() > resyncsBefore);
        await().atMost(PATIENCE).until(() -> atNode0.nodeOf(joining.clientId()) != null
                && atNode0.nodeOf(leaving.clientId()) == null);
        NodeClients.Connected publisher = cluster.clients().connect(cluster.node(0), "pub");
        publisher.client().publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE)
                .payload("after".getBytes(StandardCharsets.UTF_8)).send();
        var message = joining.received().receive(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        assertThat(message).isPresent();
        assertThat(new String(message.get().getPayloadAsBytes(), StandardCharsets.UTF_8)).isEqualTo("after");
        assertThat(leaving.received().receive(QUIET.toMillis(), TimeUnit.MILLISECONDS)).as("unsubscribed").isEmpty();
    }

    @Test
    void aChangeWhoseNotificationWasNeverSentIsPickedUpByTheVersionCheck() {
        String filter = Clients.unique("unnoticed") + "/#";
        String ghost = Clients.unique("ghost");
        try {
            withoutNotifications(() -> {
                cluster.redis().command("HSET", Keys.subscriptions(filter), ghost, "node-9|1|0|0|0|0");
                cluster.redis().command("INCR", Keys.SUBSCRIPTIONS_VERSION);
            });

            await().atMost(PATIENCE).untilAsserted(() -> assertThat(cluster.nodes().nodes())
                    .allSatisfy(node -> assertThat(node.bean(RemoteSubscriptions.class).nodeOf(ghost)).isEqualTo("node-9")));
        } finally {
            cluster.redis().command("HDEL", Keys.subscriptions(filter), ghost);
            cluster.redis().command("INCR", Keys.SUBSCRIPTIONS_VERSION);
        }
    }

    @Test
    void aFieldNamingANodeForASubscriptionItDoesNotHoldIsRemovedByThatNodesResync() {
        String filter = Clients.unique("stale") + "/+";
        String stale = Clients.unique("gone");
        withoutNotifications(() -> {
            cluster.redis().command("HSET", Keys.subscriptions(filter), stale, "node-0|1|0|0|0|0");
            cluster.redis().command("INCR", Keys.SUBSCRIPTIONS_VERSION);
        });

        await().atMost(PATIENCE).until(() -> "0".equals(cluster.redis().command("HEXISTS", Keys.subscriptions(filter), stale)));
        await().atMost(PATIENCE).until(() -> cluster.node(1).bean(RemoteSubscriptions.class).nodeOf(stale) == null);
        assertThat(cluster.node(0).bean(RemoteSubscriptions.class).nodeOf(stale)).as("its own client").isNull();
    }

    /** Makes a change in Redis while it sends no keyspace notifications, then restores them. */
    private static void withoutNotifications(Runnable change) {
        String flags = cluster.redis().command("CONFIG", "GET", NOTIFICATIONS).split("\n", -1)[1];
        assertThat(flags).as("the nodes turned notifications on").isNotEmpty();
        cluster.redis().command("CONFIG", "SET", NOTIFICATIONS, "");
        try {
            change.run();
        } finally {
            cluster.redis().command("CONFIG", "SET", NOTIFICATIONS, flags);
        }
    }

    /** Kills the node's connections, once Lettuce has reconnected them after the previous kill. */
    private static void killConnectionsOf(String name) {
        List<String> ids = await().atMost(PATIENCE).until(() -> idsNamed(name), found -> !found.isEmpty());
        for (String id : ids) {
            cluster.redis().command("CLIENT", "KILL", "ID", id);
        }
    }

    private static List<String> idsNamed(String name) {
        return clientList().stream().filter(line -> name.equals(field(line, "name"))).map(line -> field(line, "id"))
                .toList();
    }

    private static List<String> clientList() {
        return Arrays.stream(cluster.redis().command("CLIENT", "LIST").split("\n")).filter(line -> !line.isBlank()).toList();
    }

    /** One {@code key=value} field of a CLIENT LIST line ("" when it is missing or empty). */
    private static String field(String line, String key) {
        return Arrays.stream(line.split(" ")).filter(part -> part.startsWith(key + "=")).findFirst()
                .map(part -> part.substring(key.length() + 1)).orElse("");
    }
}
