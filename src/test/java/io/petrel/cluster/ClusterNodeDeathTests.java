package io.petrel.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.petrel.test.BrokerProcess;
import io.petrel.test.Clients;
import io.petrel.test.cluster.ClusterNodes;
import io.petrel.test.redis.RedisServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node killed with SIGKILL (a JVM of its own): within its heartbeat timeout another node publishes the wills
 * of its connected clients, once each; its persistent sessions can be resumed on another node, with the
 * QoS 1 messages published for them after it died.
 */
class ClusterNodeDeathTests {

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final Duration QUIET = Duration.ofSeconds(2);
    private static final String[] FAST_TIMING = {"mqtt.cluster.heartbeat-interval=300ms", "mqtt.cluster.node-timeout=2s"};

    private final List<Mqtt5BlockingClient> opened = new ArrayList<>();
    private RedisServer redis;
    private ClusterNodes cluster;
    private BrokerProcess doomed;
    @TempDir
    Path workDir;

    @AfterEach
    void stopEverything() throws Exception {
        for (Mqtt5BlockingClient client : opened) {
            if (client.getState().isConnected()) {
                client.disconnect();
            }
        }
        if (doomed != null) {
            doomed.close();
        }
        if (cluster != null) {
            cluster.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    private Mqtt5BlockingClient client(int port, String clientId) {
        Mqtt5BlockingClient client = MqttClient.builder().useMqttVersion5().identifier(clientId)
                .serverHost("127.0.0.1").serverPort(port).buildBlocking();
        opened.add(client);
        return client;
    }

    @Test
    void aDeadNodesWillsArePublishedOnceAndItsPersistentSessionsResumeElsewhereWithWhatWasQueued() throws Exception {
        redis = RedisServer.start();
        cluster = ClusterNodes.start(redis, 2, FAST_TIMING);
        doomed = BrokerProcess.start(ClusterNodes.processLaunch("doomed", redis.port(), FAST_TIMING[0], FAST_TIMING[1],
                "mqtt.sys.interval=200ms"), workDir, Map.of());
        String doomedStatistics = "petrel:retained:$SYS/brokers/doomed/*";
        await().atMost(PATIENCE).until(() -> !String.valueOf(redis.command("KEYS", doomedStatistics)).isBlank());
        String base = Clients.unique("death");

        Mqtt5BlockingClient watcher = client(cluster.node(0).mqttPort(), Clients.unique("watcher"));
        var wills = watcher.publishes(MqttGlobalPublishFilter.ALL);
        watcher.connect();
        watcher.subscribeWith().topicFilter(base + "/wills/#").qos(MqttQos.AT_LEAST_ONCE).send();

        String persistentId = Clients.unique("persistent");
        Mqtt5BlockingClient persistent = client(doomed.mqttPort(), persistentId);
        persistent.connectWith().cleanStart(false).sessionExpiryInterval(300)
                .willPublish().topic(base + "/wills/persistent").qos(MqttQos.AT_LEAST_ONCE).payload("gone".getBytes())
                .applyWillPublish().send();
        persistent.subscribeWith().topicFilter(base + "/orders/#").qos(MqttQos.AT_LEAST_ONCE).send();
        String transientId = Clients.unique("transient");
        Mqtt5BlockingClient transientClient = client(doomed.mqttPort(), transientId);
        transientClient.connectWith().cleanStart(true)
                .willPublish().topic(base + "/wills/transient").qos(MqttQos.AT_LEAST_ONCE).payload("gone".getBytes())
                .applyWillPublish().send();
        transientClient.subscribeWith().topicFilter(base + "/news").qos(MqttQos.AT_LEAST_ONCE).send();
        await().atMost(PATIENCE).until(() -> "doomed".equals(
                cluster.node(0).bean(RemoteSubscriptions.class).nodeOf(persistentId))
                && "doomed".equals(cluster.node(0).bean(RemoteSubscriptions.class).nodeOf(transientId)));

        doomed.kill();

        Set<String> willTopics = new HashSet<>();
        for (int i = 0; i < 2; i++) {
            Optional<Mqtt5Publish> will = wills.receive(PATIENCE.toSeconds(), TimeUnit.SECONDS);
            assertThat(will).as("will %d of 2 (node log: %s)", i + 1, doomed.log()).isPresent();
            assertThat(willTopics.add(will.get().getTopic().toString())).as("each will once").isTrue();
        }
        assertThat(willTopics).containsExactlyInAnyOrder(base + "/wills/persistent", base + "/wills/transient");
        assertThat(wills.receive(QUIET.toMillis(), TimeUnit.MILLISECONDS)).as("no will twice").isEmpty();

        await("the dead node's retained $SYS statistics are deleted").atMost(PATIENCE)
                .until(() -> String.valueOf(redis.command("KEYS", doomedStatistics)).isBlank());
        // The persistent session is parked in Redis, the other one is gone.
        await().atMost(PATIENCE).until(() -> "".equals(cluster.node(0).bean(RemoteSubscriptions.class).nodeOf(persistentId))
                && cluster.node(0).bean(RemoteSubscriptions.class).nodeOf(transientId) == null);
        Mqtt5BlockingClient publisher = client(cluster.node(0).mqttPort(), Clients.unique("pub"));
        publisher.connect();
        for (int i = 0; i < 3; i++) {
            publisher.publishWith().topic(base + "/orders/" + i).qos(MqttQos.AT_LEAST_ONCE).payload(("o" + i).getBytes())
                    .send();
        }

        Mqtt5BlockingClient resumed = client(cluster.node(1).mqttPort(), persistentId);
        var received = resumed.publishes(MqttGlobalPublishFilter.ALL);
        assertThat(resumed.connectWith().cleanStart(false).sessionExpiryInterval(300).send().isSessionPresent()).isTrue();
        for (int i = 0; i < 3; i++) {
            Optional<Mqtt5Publish> order = received.receive(PATIENCE.toSeconds(), TimeUnit.SECONDS);
            assertThat(order).isPresent();
            assertThat(new String(order.get().getPayloadAsBytes())).isEqualTo("o" + i);
        }
        received.close();
        wills.close();
    }

    @Test
    void aNodeThatShutsDownGracefullyLeavesItsPersistentSessionsAndTheirMessagesInRedis() throws Exception {
        redis = RedisServer.start();
        cluster = ClusterNodes.start(redis, 2, FAST_TIMING);
        String base = Clients.unique("leave");
        String clientId = Clients.unique("persistent");
        Mqtt5BlockingClient onA = client(cluster.node(0).mqttPort(), clientId);
        var receivedOnA = onA.publishes(MqttGlobalPublishFilter.ALL, true); // the first message stays unacknowledged
        onA.connectWith().cleanStart(false).sessionExpiryInterval(300).send();
        onA.subscribeWith().topicFilter(base + "/#").qos(MqttQos.AT_LEAST_ONCE).send();
        await().atMost(PATIENCE).until(() -> "node-0".equals(
                cluster.node(1).bean(RemoteSubscriptions.class).nodeOf(clientId)));
        Mqtt5BlockingClient publisher = client(cluster.node(1).mqttPort(), Clients.unique("pub"));
        publisher.connect();
        publisher.publishWith().topic(base + "/0").qos(MqttQos.AT_LEAST_ONCE).payload("p0".getBytes()).send();
        assertThat(receivedOnA.receive(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isPresent();
        receivedOnA.close();

        cluster.node(0).context().close(); // graceful: listeners close, then the node hands over and leaves
        await().atMost(PATIENCE).until(() -> "".equals(cluster.node(1).bean(RemoteSubscriptions.class).nodeOf(clientId)));
        publisher.publishWith().topic(base + "/1").qos(MqttQos.AT_LEAST_ONCE).payload("p1".getBytes()).send();

        Mqtt5BlockingClient onB = client(cluster.node(1).mqttPort(), clientId);
        var receivedOnB = onB.publishes(MqttGlobalPublishFilter.ALL);
        assertThat(onB.connectWith().cleanStart(false).sessionExpiryInterval(300).send().isSessionPresent()).isTrue();
        for (String expected : List.of("p0", "p1")) {
            Optional<Mqtt5Publish> message = receivedOnB.receive(PATIENCE.toSeconds(), TimeUnit.SECONDS);
            assertThat(message).isPresent();
            assertThat(new String(message.get().getPayloadAsBytes())).isEqualTo(expected);
        }
        receivedOnB.close();
    }

    @Test
    void theRedisQueueOfAParkedSessionIsCappedAndDropsItsOldestMessages() throws Exception {
        redis = RedisServer.start();
        cluster = ClusterNodes.start(redis, 2, FAST_TIMING[0], FAST_TIMING[1], "mqtt.session.max-queued-messages=3");
        String base = Clients.unique("capped");
        String clientId = Clients.unique("persistent");
        Mqtt5BlockingClient onA = client(cluster.node(0).mqttPort(), clientId);
        onA.connectWith().cleanStart(false).sessionExpiryInterval(300).send();
        onA.subscribeWith().topicFilter(base + "/#").qos(MqttQos.AT_LEAST_ONCE).send();
        onA.disconnect();
        cluster.node(0).context().close(); // the session is parked in Redis
        await().atMost(PATIENCE).until(() -> "".equals(cluster.node(1).bean(RemoteSubscriptions.class).nodeOf(clientId)));

        Mqtt5BlockingClient publisher = client(cluster.node(1).mqttPort(), Clients.unique("pub"));
        publisher.connect();
        for (int i = 0; i < 5; i++) {
            publisher.publishWith().topic(base + "/" + i).qos(MqttQos.AT_LEAST_ONCE).payload(("m" + i).getBytes()).send();
        }
        await().atMost(PATIENCE).until(() -> "3".equals(redis.command("LLEN", Keys.queue(clientId))));

        Mqtt5BlockingClient onB = client(cluster.node(1).mqttPort(), clientId);
        var received = onB.publishes(MqttGlobalPublishFilter.ALL);
        assertThat(onB.connectWith().cleanStart(false).sessionExpiryInterval(300).send().isSessionPresent()).isTrue();
        for (String expected : List.of("m2", "m3", "m4")) {
            Optional<Mqtt5Publish> message = received.receive(PATIENCE.toSeconds(), TimeUnit.SECONDS);
            assertThat(message).isPresent();
            assertThat(new String(message.get().getPayloadAsBytes())).isEqualTo(expected);
        }
        assertThat(received.receive(QUIET.toMillis(), TimeUnit.MILLISECONDS)).isEmpty();
        received.close();
    }

    @Test
    void whenAParkedSessionExpiresInRedisItsSubscriptionsLeaveEveryNode() throws Exception {
        redis = RedisServer.start();
        cluster = ClusterNodes.start(redis, 2, FAST_TIMING);
        String filter = Clients.unique("expiring") + "/#";
        String clientId = Clients.unique("short-lived");
        Mqtt5BlockingClient onA = client(cluster.node(0).mqttPort(), clientId);
        onA.connectWith().cleanStart(false).sessionExpiryInterval(5).send();
        onA.subscribeWith().topicFilter(filter).qos(MqttQos.AT_LEAST_ONCE).send();
        RemoteSubscriptions atB = cluster.node(1).bean(RemoteSubscriptions.class);
        await().atMost(PATIENCE).until(() -> "node-0".equals(atB.nodeOf(clientId)));

        cluster.node(0).context().close(); // the connected client's session is parked, expiring in 5 s
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(100)).until(() -> "".equals(atB.nodeOf(clientId)));

        await().atMost(PATIENCE).until(() -> atB.nodeOf(clientId) == null);
        assertThat(redis.command("HEXISTS", Keys.subscriptions(filter), clientId)).isEqualTo("0");
        assertThat(redis.command("EXISTS", Keys.session(clientId))).isEqualTo("0");
    }
}
