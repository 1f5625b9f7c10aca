package io.petrel.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import io.petrel.test.Clients;
import io.petrel.test.cluster.ClusterNodes;
import io.petrel.test.cluster.Health;
import io.petrel.test.cluster.NodeClients;
import io.petrel.test.redis.RedisServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two nodes through a Redis outage: each keeps delivering between its own clients, health says DOWN, and when
 * Redis comes back (empty, as after a restart without persistence) both nodes reconnect, write their
 * subscriptions again and route to each other, and health is UP again.
 */
class ClusterRedisOutageTests {

    private static final Duration PATIENCE = Duration.ofSeconds(90);

    private RedisServer redis;
    private ClusterNodes cluster;
    private final NodeClients clients = new NodeClients();

    @BeforeEach
    void startCluster() {
        redis = RedisServer.start();
        cluster = ClusterNodes.start(redis, 2);
    }

    @AfterEach
    void stopCluster() {
        clients.close();
        if (cluster != null) {
            cluster.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void nodesDeliverLocallyDuringARedisOutageAndResyncWhenItReturns() throws Exception {
        redis.stop();
        for (ClusterNodes.Node node : cluster.nodes()) {
            int management = node.managementPort();
            await().atMost(PATIENCE).untilAsserted(() -> {
                assertThat(Health.component(management, "redis")).isEqualTo("DOWN");
                assertThat(Health.component(management, "cluster")).isEqualTo("DOWN");
            });
        }
        String topic = Clients.unique("outage") + "/t";
        NodeClients.Connected subscriber = clients.connect(cluster.node(0), "sub");
        subscriber.client().subscribeWith().topicFilter(topic).qos(MqttQos.AT_LEAST_ONCE).send();
        for (ClusterNodes.Node node : cluster.nodes()) {
            assertLocalDelivery(node);
        }

        redis.restart();

        for (ClusterNodes.Node node : cluster.nodes()) {
            await().atMost(PATIENCE).until(() -> "UP".equals(Health.status(node.managementPort())));
        }
        RemoteSubscriptions atNode1 = cluster.node(1).bean(RemoteSubscriptions.class);
        await().atMost(PATIENCE).until(() -> atNode1.nodeOf(subscriber.clientId()) != null);
    }

    @Test
    void aSubscriptionMadeDuringTheOutageReceivesFromTheOtherNodeWhenRedisReturns() throws Exception {
        redis.stop();
        await().atMost(PATIENCE).until(() -> !cluster.node(0).bean(ClusterNode.class).isRedisConnected());
        String topic = Clients.unique("outage") + "/t";
        NodeClients.Connected subscriber = clients.connect(cluster.node(0), "sub");
        subscriber.client().subscribeWith().topicFilter(topic).qos(MqttQos.AT_LEAST_ONCE).send();

        redis.restart();

        RemoteSubscriptions atNode1 = cluster.node(1).bean(RemoteSubscriptions.class);
        await().atMost(PATIENCE).until(() -> atNode1.nodeOf(subscriber.clientId()) != null);
        NodeClients.Connected publisher = clients.connect(cluster.node(1), "pub");
        publisher.client().publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE)
                .payload("back".getBytes(StandardCharsets.UTF_8)).send();
        var message = subscriber.received().receive(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        Inbox inbox = cluster.node(0).bean(Inbox.class);
        Forwarder forwarder = cluster.node(1).bean(Forwarder.class);
        assertThat(message).as("forwards sent %d, failed %d; received %d, undeliverable %d", forwarder.sent(),
                forwarder.failed(), inbox.received(), inbox.undeliverable()).isPresent();
        assertThat(new String(message.get().getPayloadAsBytes(), StandardCharsets.UTF_8)).isEqualTo("back");
    }

    @Test
    void aRestartedRedisGetsTheKeyspaceNotificationsTurnedOnAgain() {
        String flags = redis.command("CONFIG", "GET", "notify-keyspace-events").split("\n", -1)[1];
        assertThat(flags).isNotEmpty();

        // The restarted server starts from its command line, without the flags the nodes set with CONFIG SET.
        redis.restart();

        await().atMost(PATIENCE).until(() -> redis.command("CONFIG", "GET", "notify-keyspace-events")
                .equals("notify-keyspace-events\n" + flags));
    }

    /** A subscriber and a publisher on the same node exchange a QoS 0 and a QoS 1 message. */
    private void assertLocalDelivery(ClusterNodes.Node node) throws InterruptedException {
        String topic = Clients.unique("local") + "/t";
        NodeClients.Connected subscriber = clients.connect(node, "local-sub");
        subscriber.client().subscribeWith().topicFilter(topic).qos(MqttQos.AT_LEAST_ONCE).send();
        NodeClients.Connected publisher = clients.connect(node, "local-pub");
        for (MqttQos qos : new MqttQos[] {MqttQos.AT_MOST_ONCE, MqttQos.AT_LEAST_ONCE}) {
            publisher.client().publishWith().topic(topic).qos(qos).payload(qos.name().getBytes(StandardCharsets.UTF_8))
                    .send();
            var message = subscriber.received().receive(PATIENCE.toSeconds(), TimeUnit.SECONDS);
            assertThat(message).as("%s on %s", qos, node.id()).isPresent();
            assertThat(message.get().getQos()).isEqualTo(qos);
            assertThat(new String(message.get().getPayloadAsBytes(), StandardCharsets.UTF_8)).isEqualTo(qos.name());
        }
    }
}
