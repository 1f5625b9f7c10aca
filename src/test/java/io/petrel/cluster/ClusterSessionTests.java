package io.petrel.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAck;
import com.hivemq.client.mqtt.mqtt5.message.disconnect.Mqtt5DisconnectReasonCode;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5DisconnectException;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.petrel.session.SessionRegistry;
import io.petrel.test.Clients;
import io.petrel.test.cluster.SharedCluster;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Persistent sessions across nodes: a client that leaves node A and comes back on node B gets its
 * subscriptions and the messages queued meanwhile, in order; the same client id connecting to B while
 * connected to A takes the session over (A closes with 0x8E), and what A had in flight is not lost.
 */
class ClusterSessionTests {

    private static final Duration PATIENCE = Duration.ofSeconds(15);
    private static final Duration QUIET = Duration.ofMillis(700);

    @RegisterExtension
    static final SharedCluster cluster = SharedCluster.onRedis(2);

    /** An MQTT 5 client of the node with this id, not yet connected. */
    private static Mqtt5BlockingClient client(int node, String clientId) {
        return cluster.clients().mqtt5(cluster.node(node), clientId);
    }

    private Mqtt5ConnAck connectPersistent(Mqtt5BlockingClient client) {
        return client.connectWith().cleanStart(false).sessionExpiryInterval(300).send();
    }

    private static boolean knownOn(int node, String clientId) {
        return cluster.node(node).bean(RemoteSubscriptions.class).nodeOf(clientId) != null;
    }

    @Test
    void aClientThatMovesToAnotherNodeGetsItsSubscriptionsAndTheMessagesQueuedMeanwhileInOrder() throws Exception {
        String clientId = Clients.unique("mover");
        String topic = Clients.unique("moves") + "/data";
        Mqtt5BlockingClient onA = client(0, clientId);
        assertThat(connectPersistent(onA).isSessionPresent()).isFalse();
        onA.subscribeWith().topicFilter(topic).qos(MqttQos.AT_LEAST_ONCE).send();
        await().atMost(PATIENCE).until(() -> knownOn(1, clientId));
        onA.disconnect();

        Mqtt5BlockingClient publisher = client(1, Clients.unique("pub"));
        publisher.connect();
        for (int i = 0; i < 5; i++) {
            publisher.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload(("m" + i).getBytes()).send();
        }
        await().atMost(PATIENCE).until(() -> cluster.node(0).bean(SessionRegistry.class).find(clientId)
                .map(session -> session.queuedMessages() == 5).orElse(false));

        Mqtt5BlockingClient onB = client(1, clientId);
        var received = onB.publishes(MqttGlobalPublishFilter.ALL);
        assertThat(connectPersistent(onB).isSessionPresent()).isTrue();
        for (int i = 0; i < 5; i++) {
            Optional<Mqtt5Publish> message = received.receive(PATIENCE.toSeconds(), TimeUnit.SECONDS);
            assertThat(message).isPresent();
            assertThat(new String(message.get().getPayloadAsBytes())).isEqualTo("m" + i);
        }
        // The subscription came along: a message published on A now reaches the client on B.
        Mqtt5BlockingClient publisherOnA = client(0, Clients.unique("pub"));
        publisherOnA.connect();
        await().atMost(PATIENCE).until(() -> "node-1".equals(
                cluster.node(0).bean(RemoteSubscriptions.class).nodeOf(clientId)));
        publisherOnA.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload("after".getBytes()).send();
        Optional<Mqtt5Publish> after = received.receive(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        assertThat(after).isPresent();
        assertThat(new String(after.get().getPayloadAsBytes())).isEqualTo("after");
        assertThat(received.receive(QUIET.toMillis(), TimeUnit.MILLISECONDS)).isEmpty();
        assertThat(cluster.node(0).bean(SessionRegistry.class).find(clientId)).as("one session survives").isEmpty();
        received.close();
    }

    @Test
    void theSameClientIdOnAnotherNodeTakesTheSessionOverAndTheOldConnectionIsClosedWith0x8E() throws Exception {
        String clientId = Clients.unique("taken");
        String topic = Clients.unique("takeover") + "/t";
        CompletableFuture<Mqtt5DisconnectReasonCode> closedWith = new CompletableFuture<>();
        Mqtt5BlockingClient onA = MqttClient.builder().useMqttVersion5().identifier(clientId).serverHost("127.0.0.1")
                .serverPort(cluster.node(0).mqttPort())
                .addDisconnectedListener(context -> {
                    if (context.getCause() instanceof Mqtt5DisconnectException disconnect) {
                        closedWith.complete(disconnect.getMqttMessage().getReasonCode());
                    }
                })
                .buildBlocking();
        cluster.clients().register(onA);
        connectPersistent(onA);
        onA.subscribeWith().topicFilter(topic).qos(MqttQos.AT_LEAST_ONCE).send();

        Mqtt5BlockingClient onB = client(1, clientId);
        var received = onB.publishes(MqttGlobalPublishFilter.ALL);
        assertThat(connectPersistent(onB).isSessionPresent()).isTrue();

        assertThat(closedWith.get(PATIENCE.toSeconds(), TimeUnit.SECONDS))
                .isEqualTo(Mqtt5DisconnectReasonCode.SESSION_TAKEN_OVER);
        await().atMost(PATIENCE).until(() -> cluster.node(0).bean(SessionRegistry.class).find(clientId).isEmpty());
        assertThat(cluster.node(1).bean(SessionRegistry.class).find(clientId)).isPresent();

        Mqtt5BlockingClient publisher = client(0, Clients.unique("pub"));
        publisher.connect();
        await().atMost(PATIENCE).until(() -> "node-1".equals(
                cluster.node(0).bean(RemoteSubscriptions.class).nodeOf(clientId)));
        publisher.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload("to-b".getBytes()).send();
        Optional<Mqtt5Publish> message = received.receive(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        assertThat(message).isPresent();
        assertThat(new String(message.get().getPayloadAsBytes())).isEqualTo("to-b");
        received.close();
    }

    @Test
    void aMessageInFlightWhenTheSessionMovesIsSentAgainOnTheNewNode() throws Exception {
        String clientId = Clients.unique("inflight");
        String topic = Clients.unique("unacked") + "/t";
        Mqtt5BlockingClient onA = client(0, clientId);
        var receivedOnA = onA.publishes(MqttGlobalPublishFilter.ALL, true); // never acknowledged
        connectPersistent(onA);
        onA.subscribeWith().topicFilter(topic).qos(MqttQos.AT_LEAST_ONCE).send();
        Mqtt5BlockingClient publisher = client(0, Clients.unique("pub"));
        publisher.connect();
        publisher.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload("unacked".getBytes()).send();
        assertThat(receivedOnA.receive(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isPresent();
        await().atMost(PATIENCE).until(() -> cluster.node(0).bean(SessionRegistry.class).find(clientId)
                .map(session -> session.inflightMessages() == 1).orElse(false));

        Mqtt5BlockingClient onB = client(1, clientId);
        var receivedOnB = onB.publishes(MqttGlobalPublishFilter.ALL);
        assertThat(connectPersistent(onB).isSessionPresent()).isTrue();
        Optional<Mqtt5Publish> again = receivedOnB.receive(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        assertThat(again).isPresent();
        assertThat(new String(again.get().getPayloadAsBytes())).isEqualTo("unacked");
        receivedOnA.close();
        receivedOnB.close();
    }

    @Test
    void aCleanStartOnAnotherNodeDiscardsTheOldSession() throws Exception {
        String clientId = Clients.unique("clean");
        String topic = Clients.unique("cleaned") + "/t";
        Mqtt5BlockingClient onA = client(0, clientId);
        connectPersistent(onA);
        onA.subscribeWith().topicFilter(topic).qos(MqttQos.AT_LEAST_ONCE).send();
        onA.disconnect();

        Mqtt5BlockingClient onB = client(1, clientId);
        var received = onB.publishes(MqttGlobalPublishFilter.ALL);
        assertThat(onB.connectWith().cleanStart(true).sessionExpiryInterval(300).send().isSessionPresent()).isFalse();
        await().atMost(PATIENCE).until(() -> cluster.node(0).bean(SessionRegistry.class).find(clientId).isEmpty()
                && !knownOn(1, clientId) && !knownOn(0, clientId));
        Mqtt5BlockingClient publisher = client(0, Clients.unique("pub"));
        publisher.connect();
        publisher.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload("old".getBytes()).send();
        assertThat(received.receive(QUIET.toMillis(), TimeUnit.MILLISECONDS)).isEmpty();
        received.close();
    }
}
