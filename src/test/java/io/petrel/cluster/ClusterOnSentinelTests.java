package io.petrel.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.petrel.test.Clients;
import io.petrel.test.cluster.ClusterNodes;
import io.petrel.test.cluster.NodeClients;
import io.petrel.test.redis.RedisServer;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Nodes that reach their Redis through a Sentinel (spring.data.redis.sentinel.*) behave as one broker. */
class ClusterOnSentinelTests {

    private static final Duration PATIENCE = Duration.ofSeconds(20);

    @Test
    void clientsOnDifferentNodesExchangeMessagesAndRetainedMessagesThroughASentinelsMaster() throws Exception {
        try (RedisServer master = RedisServer.start();
                RedisServer sentinel = RedisServer.startSentinel("petrel-master", master);
                ClusterNodes cluster = ClusterNodes.startOnSentinel("petrel-master", sentinel, 2);
                NodeClients clients = new NodeClients()) {
            String topic = Clients.unique("sentinel") + "/t";
            Mqtt5BlockingClient subscriber = clients.mqtt5(cluster.node(1), Clients.unique("sub"));
            var received = clients.publishes(subscriber);
            subscriber.connect();
            subscriber.subscribeWith().topicFilter(topic).qos(MqttQos.AT_LEAST_ONCE).send();
            await().atMost(PATIENCE).until(() -> cluster.node(0).bean(RemoteSubscriptions.class)
                    .nodeOf(subscriber.getConfig().getClientIdentifier().orElseThrow().toString()) != null);

            Mqtt5BlockingClient publisher = clients.mqtt5(cluster.node(0), Clients.unique("pub"));
            publisher.connect();
            publisher.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).retain(true).payload("via".getBytes()).send();

            Optional<Mqtt5Publish> message = received.receive(PATIENCE.toSeconds(), TimeUnit.SECONDS);
            assertThat(message).isPresent();
            assertThat(new String(message.get().getPayloadAsBytes())).isEqualTo("via");
            // The data went to the master the Sentinel named.
            assertThat(master.command("EXISTS", Keys.retained(topic))).isEqualTo("1");
        }
    }
}
