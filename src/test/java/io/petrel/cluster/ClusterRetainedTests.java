package io.petrel.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.lettuce.core.RedisClient;
import io.petrel.message.Message;
import io.petrel.message.Qos;
import io.petrel.routing.TopicFilter;
import io.petrel.test.Clients;
import io.petrel.test.cluster.ClusterNodes;
import io.petrel.test.cluster.SharedCluster;
import io.petrel.test.redis.RedisServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Retained messages in cluster mode: kept in Redis, seen by every node, removed by Redis's expiry everywhere,
 * never served once expired, loaded by a node that starts later and reloaded after a reconnect.
 */
class ClusterRetainedTests {

    private static final Duration PATIENCE = Duration.ofSeconds(15);
    private static final Duration QUIET = Duration.ofMillis(700);

    @RegisterExtension
    static final SharedCluster cluster = SharedCluster.onRedis(2);

    /** A connected MQTT 5 client of the node, with a unique id. */
    private static Mqtt5BlockingClient mqtt5(ClusterNodes.Node node, String prefix) {
        Mqtt5BlockingClient client = cluster.clients().mqtt5(node, Clients.unique(prefix));
        client.connect();
        return client;
    }

    private Optional<Mqtt5Publish> retainedFor(ClusterNodes.Node node, String filter, Duration wait) throws Exception {
        Mqtt5BlockingClient subscriber = mqtt5(node, "sub");
        var received = cluster.clients().publishes(subscriber);
        subscriber.subscribeWith().topicFilter(filter).qos(MqttQos.AT_LEAST_ONCE).send();
        return received.receive(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static List<Message> indexed(ClusterNodes.Node node, String filter) {
        return node.bean(RedisRetainedMessageStore.class).find(TopicFilter.parse(filter).orElseThrow())
                .toCompletableFuture().join();
    }

    private static boolean inRedis(String topic) {
        return inRedis(cluster.redis(), topic);
    }

    private static boolean inRedis(RedisServer server, String topic) {
        return "1".equals(server.command("EXISTS", Keys.retained(topic)));
    }

    /** The key's remaining time once the write (asynchronous) has reached Redis. */
    private static long remainingMillis(RedisServer server, String topic) {
        return await().atMost(PATIENCE).until(() -> Long.parseLong(server.command("PTTL", Keys.retained(topic))),
                remaining -> remaining != -2);
    }

    @Test
    void aMessageRetainedOnOneNodeReachesANewSubscriberOfAnotherThroughAWildcard() throws Exception {
        String base = Clients.unique("retained");
        mqtt5(cluster.node(0), "pub").publishWith().topic(base + "/kitchen/temp").retain(true)
                .qos(MqttQos.AT_LEAST_ONCE).payload("21.5".getBytes(StandardCharsets.UTF_8))
                .contentType("text/plain").userProperties().add("unit", "C").applyUserProperties().send();
        await().atMost(PATIENCE).until(() -> inRedis(base + "/kitchen/temp"));
        await().atMost(PATIENCE).until(() -> !indexed(cluster.node(1), base + "/#").isEmpty());

        Optional<Mqtt5Publish> message = retainedFor(cluster.node(1), base + "/+/temp", PATIENCE);

        assertThat(message).isPresent();
        assertThat(message.get().isRetain()).isTrue();
        assertThat(message.get().getTopic().toString()).isEqualTo(base + "/kitchen/temp");
        assertThat(new String(message.get().getPayloadAsBytes(), StandardCharsets.UTF_8)).isEqualTo("21.5");
        assertThat(message.get().getContentType()).hasValueSatisfying(type -> assertThat(type.toString())
                .isEqualTo("text/plain"));
        assertThat(message.get().getUserProperties().asList()).singleElement()
                .satisfies(property -> assertThat(property.getValue().toString()).isEqualTo("C"));
    }

    @Test
    void aMessageClearedOnOneNodeIsGoneOnTheOther() throws Exception {
        String topic = Clients.unique("cleared") + "/state";
        mqtt5(cluster.node(0), "pub").publishWith().topic(topic).retain(true).payload(new byte[] {1}).send();
        await().atMost(PATIENCE).until(() -> !indexed(cluster.node(1), topic).isEmpty());

        mqtt5(cluster.node(1), "clear").publishWith().topic(topic).retain(true).qos(MqttQos.AT_LEAST_ONCE)
                .payload(new byte[0]).send(); // acknowledged once the broker has handled it

        assertThat(indexed(cluster.node(1), topic)).as("the clearing node at once").isEmpty();
        await().atMost(PATIENCE).until(() -> !inRedis(topic) && indexed(cluster.node(0), topic).isEmpty());
        assertThat(retainedFor(cluster.node(0), topic, QUIET)).isEmpty();
    }

    @Test
    void aMessageExpiryRemovesTheMessageFromRedisAndFromEveryIndex() throws Exception {
        String topic = Clients.unique("expiring") + "/x";
        int before0 = cluster.node(0).bean(RedisRetainedMessageStore.class).size();
        int before1 = cluster.node(1).bean(RedisRetainedMessageStore.class).size();
        mqtt5(cluster.node(0), "pub").publishWith().topic(topic).retain(true).messageExpiryInterval(1)
                .payload(new byte[] {1}).send();
        assertThat(remainingMillis(cluster.redis(), topic)).isBetween(1L, 1000L);

        await().atMost(PATIENCE).until(() -> !inRedis(topic));
        // size() counts entries until an event removes them, unlike find(), which skips expired ones anyway.
        await().atMost(PATIENCE).until(() -> cluster.node(0).bean(RedisRetainedMessageStore.class).size() == before0
                && cluster.node(1).bean(RedisRetainedMessageStore.class).size() == before1);
        assertThat(retainedFor(cluster.node(1), topic, QUIET)).isEmpty();
    }

    /** On a Redis of their own: these nodes are called node-0 and node-1 too. */
    @Test
    void theRetainedTtlExpiresMessagesInRedisAndOnEveryNodeButIsNotSentToSubscribers() throws Exception {
        try (RedisServer ttlRedis = RedisServer.start();
                ClusterNodes ttlCluster = ClusterNodes.start(ttlRedis, 2, "mqtt.retain.ttl=1s")) {
            String topic = Clients.unique("ttl") + "/x";
            Mqtt5BlockingClient subscriber = mqtt5(ttlCluster.node(0), "sub"); // connected first: the TTL is short
            var received = cluster.clients().publishes(subscriber);
            mqtt5(ttlCluster.node(0), "pub").publishWith().topic(topic).retain(true).qos(MqttQos.AT_LEAST_ONCE)
                    .payload(new byte[] {7}).send();
            subscriber.subscribeWith().topicFilter(topic).send();
            Optional<Mqtt5Publish> early = received.receive(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(early).isPresent();
            assertThat(early.get().getMessageExpiryInterval()).as("the TTL is the store's, not the message's")
                    .isEmpty();
            long remaining = remainingMillis(ttlRedis, topic);
            assertThat(remaining).isLessThanOrEqualTo(1000L);

            await().atMost(PATIENCE).until(() -> !inRedis(ttlRedis, topic));
            await().atMost(PATIENCE).until(() -> ttlCluster.nodes().stream()
                    .allMatch(node -> node.bean(RedisRetainedMessageStore.class).size() == 0));
            assertThat(retainedFor(ttlCluster.node(1), topic, QUIET)).isEmpty();
        }
    }

    /** Without keyspace events (the store is never told), an expired entry is still never returned. */
    @Test
    void anExpiredEntryIsNotServedWhileItsExpiredEventIsLate() {
        RedisClient client = RedisClient.create(cluster.redis().uri());
        try (RedisLink link = RedisLink.open(client)) {
            KeyspaceEvents neverStarted = new KeyspaceEvents(link, 0);
            RedisRetainedMessageStore store = new RedisRetainedMessageStore(link, neverStarted, Runnable::run, null,
                    System::currentTimeMillis);
            String topic = Clients.unique("late") + "/x";
            Message message = Message.of(topic, "stale soon", Qos.AT_LEAST_ONCE, true)
                    .withExpiresAt(System.currentTimeMillis() + 500);
            store.put(message);
            TopicFilter filter = TopicFilter.parse(topic).orElseThrow();
            assertThat(store.find(filter).toCompletableFuture().join()).as("before its expiry").hasSize(1);

            await().atMost(PATIENCE).until(() -> !inRedis(topic));

            assertThat(store.size()).as("no event removed it").isEqualTo(1);
            assertThat(store.find(filter).toCompletableFuture().join()).isEmpty();
        } finally {
            client.shutdown();
        }
    }

    @Test
    void aNodeStartedLaterHasTheRetainedMessagesBeforeItIsReady() throws Exception {
        String base = Clients.unique("later");
        Mqtt5BlockingClient publisher = mqtt5(cluster.node(0), "pub");
        for (int i = 0; i < 20; i++) {
            publisher.publishWith().topic(base + "/" + i).retain(true).payload(Integer.toString(i).getBytes()).send();
        }
        publisher.publishWith().topic(base + "/cleared").retain(true).payload(new byte[] {1}).send();
        publisher.publishWith().topic(base + "/cleared").retain(true).payload(new byte[0]).send();
        await().atMost(PATIENCE).until(() -> indexed(cluster.node(1), base + "/#").size() == 20
                && !inRedis(base + "/cleared"));

        ClusterNodes.Node late = cluster.nodes().add();

        // No waiting: the node starts only once the load is done.
        assertThat(indexed(late, base + "/#")).extracting(Message::topic).hasSize(20)
                .contains(base + "/0", base + "/19").doesNotContain(base + "/cleared");
        assertThat(retainedFor(late, base + "/7", PATIENCE)).hasValueSatisfying(message -> assertThat(
                new String(message.getPayloadAsBytes(), StandardCharsets.UTF_8)).isEqualTo("7"));
    }

    /**
     * With notifications off, Redis and the indexes drift apart; the reload after node 0 reconnects puts
     * Redis's view back on node 0: a key written meanwhile appears, a key deleted meanwhile goes.
     */
    @Test
    void aReconnectReplacesTheIndexWithWhatRedisHolds() {
        String base = Clients.unique("reload");
        RedisRetainedMessageStore node0 = cluster.node(0).bean(RedisRetainedMessageStore.class);
        node0.put(Message.of(base + "/deleted", "old", Qos.AT_MOST_ONCE, true));
        await().atMost(PATIENCE).until(() -> !indexed(cluster.node(1), base + "/deleted").isEmpty());

        cluster.redis().command("CONFIG", "SET", "notify-keyspace-events", "");
        try {
            cluster.redis().command("DEL", Keys.retained(base + "/deleted"));
            // Node 1 writes, unheard by node 0; its own index has it at once.
            cluster.node(1).bean(RedisRetainedMessageStore.class)
                    .put(Message.of(base + "/written", "new", Qos.AT_MOST_ONCE, true));
            await().atMost(PATIENCE).until(() -> inRedis(base + "/written"));
        } finally {
            cluster.redis().command("CONFIG", "SET", "notify-keyspace-events", KeyspaceEvents.REQUIRED_FLAGS);
        }
        assertThat(indexed(cluster.node(0), base + "/#")).extracting(Message::topic)
                .containsExactly(base + "/deleted");

        killConnectionsOf(cluster.node(0).id());

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(indexed(cluster.node(0), base + "/#"))
                .extracting(Message::topic).containsExactly(base + "/written"));
    }

    private static void killConnectionsOf(String clientName) {
        String clients = cluster.redis().command("CLIENT", "LIST");
        int killed = 0;
        for (String line : clients.split("\r?\n")) {
            if (line.contains(" name=" + clientName + " ")) {
                String id = line.substring(line.indexOf("id=") + 3, line.indexOf(' '));
                cluster.redis().command("CLIENT", "KILL", "ID", id);
                killed++;
            }
        }
        assertThat(killed).as("connections named " + clientName).isPositive();
    }
}
