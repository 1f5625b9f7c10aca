package io.petrel.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5DisconnectException;
import com.hivemq.client.mqtt.mqtt5.message.disconnect.Mqtt5DisconnectReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.petrel.test.BrokerTest;
import io.petrel.test.Clients;
import io.petrel.test.client.Mqtt5Subscriber;
import io.petrel.test.client.Packets;
import io.petrel.test.client.RawClient;
import io.petrel.test.client.TestClients;
import io.petrel.transport.MqttServer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.test.annotation.DirtiesContext;
import tools.jackson.databind.JsonNode;

/**
 * The admin REST API over real HTTP on its own management port, with real MQTT 5 and 3.1.1 clients:
 * authentication, client listings and details, kicks, subscriptions, retained messages and publishing.
 */
@BrokerTest(properties = {"mqtt.listeners.tcp.port=0", "mqtt.listeners.tcp.host=127.0.0.1",
    "management.server.port=0", "management.server.address=127.0.0.1", "mqtt.admin.username=operator",
    "mqtt.admin.password=correct horse", "mqtt.listeners.balanced.kind=tcp", "mqtt.listeners.balanced.host=127.0.0.1",
    "mqtt.listeners.balanced.port=0", "mqtt.listeners.balanced.proxy-protocol=true"})
@DirtiesContext // no other test class shares this configuration: close it now, not at JVM exit
class AdminApiTests {

    @RegisterExtension
    final TestClients clients = new TestClients();

    @LocalManagementPort
    int managementPort;

    @Autowired
    MqttServer server;

    private AdminHttp api;

    @BeforeEach
    void connectApi() {
        api = AdminHttp.withCredentials(managementPort, "operator", "correct horse");
    }

    @Test
    void requestsWithoutCredentialsAreChallenged() {
        AdminHttp.Response response = AdminHttp.withoutCredentials(managementPort).get("/clients");

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.raw().headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                challenge -> assertThat(challenge).startsWith("Basic realm="));
    }

    @Test
    void wrongPasswordOrUsernameIsRefused() {
        assertThat(AdminHttp.withCredentials(managementPort, "operator", "correct horsE").get("/clients").status())
                .isEqualTo(401);
        assertThat(AdminHttp.withCredentials(managementPort, "admin", "correct horse").get("/clients").status())
                .isEqualTo(401);
        assertThat(AdminHttp.withCredentials(managementPort, "operator", "correct horse").get("/clients").status())
                .isEqualTo(200);
    }

    @Test
    void clientDetailsShowTheConnection() {
        String clientId = Clients.unique("detailed");
        Mqtt5BlockingClient client = clients.hivemq5(clientId);
        client.connectWith().simpleAuth().username("alice").applySimpleAuth().keepAlive(42)
                .sessionExpiryInterval(300).send();

        JsonNode found = api.get("/clients/" + clientId).json();

        assertThat(found.get("clientId").asString()).isEqualTo(clientId);
        assertThat(found.get("connected").asBoolean()).isTrue();
        assertThat(found.get("listener").asString()).isEqualTo("tcp");
        assertThat(found.get("remoteAddress").asString()).startsWith("127.0.0.1:");
        assertThat(found.get("protocolVersion").asInt()).isEqualTo(5);
        assertThat(found.get("username").asString()).isEqualTo("alice");
        assertThat(found.get("keepAliveSeconds").asInt()).isEqualTo(42);
        assertThat(found.get("cleanStart").asBoolean()).isTrue();
        assertThat(Instant.parse(found.get("connectedAt").asString())).isBefore(Instant.now().plusSeconds(1));
        assertThat(found.get("sessionExpiryIntervalSeconds").asLong()).isEqualTo(300);
        assertThat(found.get("subscriptions").asInt()).isZero();
        assertThat(found.get("inflightMessages").asInt()).isZero();
        assertThat(found.get("queuedMessages").asInt()).isZero();
    }

    @Test
    void remoteAddressIsTheOneThePROXYProtocolHeaderAnnounced() throws Exception {
        String clientId = Clients.unique("proxied");
        byte[] header = "PROXY TCP4 127.0.0.2 127.0.0.1 40001 1883\r\n".getBytes(StandardCharsets.US_ASCII);
        byte[] connect = Packets.connect(clientId).bytes();
        byte[] both = Arrays.copyOf(header, header.length + connect.length);
        System.arraycopy(connect, 0, both, header.length, connect.length);
        try (RawClient client = RawClient.open(server.localPort("balanced").orElseThrow(), 4)) {
            client.send(both); // one write, as a balancer forwarding the client's first bytes sends them
            assertThat(client.read().header()).as("CONNACK").isEqualTo(0x20);

            JsonNode found = api.get("/clients/" + clientId).json();

            assertThat(found.get("remoteAddress").asString()).isEqualTo("127.0.0.2:40001");
            assertThat(found.get("listener").asString()).isEqualTo("balanced");
        }
    }

    @Test
    void unknownClientIsNotFound() {
        AdminHttp.Response response = api.get("/clients/" + Clients.unique("nobody"));

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.json().get("error").asString()).contains("no session");
    }

    @Test
    void clientListingsAreFilteredSortedAndPaged() throws Exception {
        String prefix = Clients.unique("paged");
        for (String suffix : new String[] {"c", "a", "b"}) {
            clients.paho3(prefix + "-" + suffix).connect();
        }
        persistentPaho3(prefix + "-offline").disconnect();

        JsonNode first = api.get("/clients?clientId=" + prefix + "&connected=true&size=2").json();
        JsonNode second = api.get("/clients?clientId=" + prefix + "&connected=true&size=2&page=1").json();

        assertThat(first.get("total").asLong()).isEqualTo(3);
        assertThat(first.get("items")).extracting(item -> item.get("clientId").asString())
                .containsExactly(prefix + "-a", prefix + "-b");
        assertThat(second.get("items")).extracting(item -> item.get("clientId").asString())
                .containsExactly(prefix + "-c");
        assertThat(first.get("items").get(0).get("protocolVersion").asInt()).isEqualTo(4);
        JsonNode offlineOnly = api.get("/clients?clientId=" + prefix + "&connected=false").json();
        assertThat(offlineOnly.get("items")).extracting(item -> item.get("clientId").asString())
                .containsExactly(prefix + "-offline");
        assertThat(api.get("/clients?clientId=" + prefix + "&listener=ws").json().get("total").asLong()).isZero();
        assertThat(api.get("/clients?clientId=" + prefix + "&listener=tcp").json().get("total").asLong()).isEqualTo(4);
    }

    @Test
    void malformedPagingIsABadRequest() {
        assertThat(api.get("/clients?size=0").status()).isEqualTo(400);
        assertThat(api.get("/clients?page=-1").status()).isEqualTo(400);
        assertThat(api.get("/clients?page=x").status()).isEqualTo(400);
        assertThat(api.get("/clients?connected=maybe").status()).isEqualTo(400);
    }

    @Test
    void kickSendsAdministrativeActionDisconnectToMqtt5Clients() throws Exception {
        String clientId = Clients.unique("kicked5");
        CompletableFuture<Throwable> cause = new CompletableFuture<>();
        Mqtt5BlockingClient client = clients.register(clients.hivemq5Builder(clientId)
                .addDisconnectedListener(context -> cause.complete(context.getCause())).buildBlocking());
        client.connect();

        AdminHttp.Response response = api.delete("/clients/" + clientId);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().get("wasConnected").asBoolean()).isTrue();
        Throwable reported = cause.get(TestClients.PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(reported).isInstanceOf(Mqtt5DisconnectException.class);
        assertThat(((Mqtt5DisconnectException) reported).getMqttMessage().getReasonCode())
                .isEqualTo(Mqtt5DisconnectReasonCode.ADMINISTRATIVE_ACTION);
    }

    @Test
    void kickedClientsWillIsPublished() throws Exception {
        String clientId = Clients.unique("kicked-will");
        Mqtt5Subscriber watcher = clients.subscriber5(clientId + "/status", MqttQos.AT_LEAST_ONCE);
        clients.hivemq5(clientId).connectWith().willPublish().topic(clientId + "/status")
                .payload(TestClients.utf8("gone")).qos(MqttQos.AT_LEAST_ONCE).applyWillPublish().send();

        api.delete("/clients/" + clientId);

        assertThat(new String(watcher.receive().getPayloadAsBytes(), StandardCharsets.UTF_8)).isEqualTo("gone");
    }

    @Test
    void kickClosesMqtt311ConnectionsAndKeepsTheirPersistentSession() throws Exception {
        String clientId = Clients.unique("kicked3");
        MqttClient paho = persistentPaho3(clientId);

        AdminHttp.Response response = api.delete("/clients/" + clientId);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().get("sessionDiscarded").asBoolean()).isFalse();
        await().atMost(TestClients.PATIENCE).until(() -> !paho.isConnected());
        await().atMost(TestClients.PATIENCE)
                .until(() -> !api.get("/clients/" + clientId).json().get("connected").asBoolean());
        AdminHttp.Response discarded = api.delete("/clients/" + clientId + "?session=true");
        assertThat(discarded.json().get("wasConnected").asBoolean()).isFalse();
        assertThat(api.get("/clients/" + clientId).status()).isEqualTo(404);
    }

    @Test
    void kickWithSessionDiscardsTheSessionAndItsSubscriptions() throws Exception {
        String clientId = Clients.unique("discarded");
        MqttClient paho = persistentPaho3(clientId);
        paho.subscribe(clientId + "/in", 1);

        AdminHttp.Response response = api.delete("/clients/" + clientId + "?session=true");

        assertThat(response.json().get("wasConnected").asBoolean()).isTrue();
        assertThat(response.json().get("sessionDiscarded").asBoolean()).isTrue();
        await().atMost(TestClients.PATIENCE).until(() -> api.get("/clients/" + clientId).status() == 404);
        assertThat(api.delete("/clients/" + clientId).status()).isEqualTo(404);
        assertThat(api.post("/publish", "{\"topic\": \"" + clientId + "/in\"}").json().get("subscribers").asInt())
                .isZero();
    }

    /** A Paho MQTT 3.1.1 client with a persistent session, connected, that does not reconnect by itself. */
    private MqttClient persistentPaho3(String clientId) throws Exception {
        MqttClient paho = clients.paho3(clientId);
        MqttConnectOptions persistent = new MqttConnectOptions();
        persistent.setCleanSession(false);
        persistent.setAutomaticReconnect(false);
        paho.connect(persistent);
        return paho;
    }

    @Test
    void addedSubscriptionDeliversRetainedAndLaterMessages() throws Exception {
        String topic = Clients.unique("added") + "/temperature";
        Mqtt3BlockingClient publisher = clients.connected3("pub");
        publisher.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).retain(true).payload(TestClients.utf8("21"))
                .send();
        Mqtt5Subscriber subscriber = clients.subscriber5("target");
        String clientId = subscriber.client().getConfig().getClientIdentifier().orElseThrow().toString();

        AdminHttp.Response added = api.post("/clients/" + clientId + "/subscriptions",
                "{\"filter\": \"" + topic.replace("temperature", "+") + "\", \"qos\": 1}");

        assertThat(added.status()).isEqualTo(201);
        Mqtt5Publish retained = subscriber.receive();
        assertThat(retained.isRetain()).isTrue();
        assertThat(new String(retained.getPayloadAsBytes(), StandardCharsets.UTF_8)).isEqualTo("21");
        TestClients.publish(publisher, topic, MqttQos.AT_LEAST_ONCE, "22");
        Mqtt5Publish live = subscriber.receive();
        assertThat(live.isRetain()).isFalse();
        assertThat(live.getQos()).isEqualTo(MqttQos.AT_LEAST_ONCE);
        JsonNode listed = api.get("/clients/" + clientId + "/subscriptions").json();
        assertThat(listed).extracting(item -> item.get("filter").asString())
                .containsExactly(topic.replace("temperature", "+"));
    }

    @Test
    void removedSubscriptionStopsDelivery() throws Exception {
        String topic = Clients.unique("removed");
        Mqtt5Subscriber subscriber = clients.subscriber5(topic + "/#", MqttQos.AT_MOST_ONCE);
        String clientId = subscriber.client().getConfig().getClientIdentifier().orElseThrow().toString();
        String filter = URLEncoder.encode(topic + "/#", StandardCharsets.UTF_8);

        assertThat(api.delete("/clients/" + clientId + "/subscriptions?filter=" + filter).status()).isEqualTo(204);

        api.post("/publish", "{\"topic\": \"" + topic + "/x\", \"payload\": \"gone\"}");
        subscriber.assertNothingReceived();
        assertThat(api.delete("/clients/" + clientId + "/subscriptions?filter=" + filter).status()).isEqualTo(404);
        assertThat(api.get("/clients/" + clientId + "/subscriptions").json().size()).isZero();
    }

    @Test
    void invalidSubscriptionsAreBadRequests() {
        String clientId = clients.connected3("invalid-subscription").getConfig().getClientIdentifier().orElseThrow()
                .toString();

        assertThat(api.post("/clients/" + clientId + "/subscriptions", "{\"filter\": \"a/#/b\"}").status())
                .isEqualTo(400);
        assertThat(api.post("/clients/" + clientId + "/subscriptions", "{\"filter\": \"a\", \"qos\": 3}").status())
                .isEqualTo(400);
        assertThat(api.post("/clients/" + clientId + "/subscriptions", "{\"qos\": 1}").status()).isEqualTo(400);
        assertThat(api.post("/clients/" + clientId + "/subscriptions", "not json").status()).isEqualTo(400);
        assertThat(api.post("/clients/nobody-" + clientId + "/subscriptions", "{\"filter\": \"a\"}").status())
                .isEqualTo(404);
    }

    @Test
    void retainedMessagesAreListedShownAndDeleted() throws Exception {
        String prefix = Clients.unique("retained");
        Mqtt3BlockingClient publisher = clients.connected3("pub");
        for (String level : new String[] {"b", "a"}) {
            publisher.publishWith().topic(prefix + "/" + level).qos(MqttQos.AT_LEAST_ONCE).retain(true)
                    .payload(TestClients.utf8("value " + level)).send();
        }
        publisher.publishWith().topic(prefix + "/binary").qos(MqttQos.AT_LEAST_ONCE).retain(true)
                .payload(new byte[] {(byte) 0xff, 0x00}).send();
        String filter = URLEncoder.encode(prefix + "/#", StandardCharsets.UTF_8);

        JsonNode page = api.get("/retained?filter=" + filter + "&size=2").json();
        JsonNode binary = api.get("/retained/" + prefix + "/binary").json();
        JsonNode one = api.get("/retained/" + prefix + "/a").json();

        assertThat(page.get("total").asLong()).isEqualTo(3);
        assertThat(page.get("items")).extracting(item -> item.get("topic").asString())
                .containsExactly(prefix + "/a", prefix + "/b");
        assertThat(one.get("payload").asString()).isEqualTo("value a");
        assertThat(one.get("encoding").asString()).isEqualTo("text");
        assertThat(one.get("qos").asInt()).isEqualTo(1);
        assertThat(binary.get("encoding").asString()).isEqualTo("base64");
        assertThat(Base64.getDecoder().decode(binary.get("payload").asString())).containsExactly(0xff, 0x00);

        assertThat(api.delete("/retained/" + prefix + "/a").status()).isEqualTo(204);
        assertThat(api.get("/retained/" + prefix + "/a").status()).isEqualTo(404);
        assertThat(api.delete("/retained/" + prefix + "/a").status()).isEqualTo(404);
        clients.subscriber5(prefix + "/a", MqttQos.AT_LEAST_ONCE).assertNothingReceived();
        assertThat(api.get("/retained?filter=" + filter).json().get("total").asLong()).isEqualTo(2);
    }

    @Test
    void publishReachesSubscribersWithItsProperties() throws Exception {
        String topic = Clients.unique("published") + "/in";
        Mqtt5Subscriber subscriber = clients.subscriber5(topic, MqttQos.EXACTLY_ONCE);

        AdminHttp.Response response = api.post("/publish", """
                {"topic": "%s", "payload": "aGVsbG8=", "encoding": "base64", "qos": 1,
                 "contentType": "text/plain", "userProperties": [{"name": "origin", "value": "admin"}]}
                """.formatted(topic));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().get("subscribers").asInt()).isEqualTo(1);
        Mqtt5Publish received = subscriber.receive();
        assertThat(new String(received.getPayloadAsBytes(), StandardCharsets.UTF_8)).isEqualTo("hello");
        assertThat(received.getQos()).isEqualTo(MqttQos.AT_LEAST_ONCE);
        assertThat(received.getContentType()).hasValueSatisfying(type -> assertThat(type.toString()).isEqualTo("text/plain"));
        assertThat(received.getUserProperties().asList()).singleElement().satisfies(property -> {
            assertThat(property.getName().toString()).isEqualTo("origin");
            assertThat(property.getValue().toString()).isEqualTo("admin");
        });
    }

    @Test
    void retainedPublishIsStored() {
        String topic = Clients.unique("published-retained");

        api.post("/publish", "{\"topic\": \"" + topic + "\", \"payload\": \"kept\", \"retain\": true}");

        assertThat(api.get("/retained/" + topic).json().get("payload").asString()).isEqualTo("kept");
    }

    @Test
    void publishRefusesSysTopicsAndInvalidTopics() {
        assertThat(api.post("/publish", "{\"topic\": \"$SYS/broker/uptime\", \"payload\": \"1\"}").status())
                .isEqualTo(403);
        assertThat(api.post("/publish", "{\"topic\": \"a/+/b\"}").status()).isEqualTo(400);
        assertThat(api.post("/publish", "{\"topic\": \"\"}").status()).isEqualTo(400);
        assertThat(api.post("/publish", "{\"payload\": \"no topic\"}").status()).isEqualTo(400);
        assertThat(api.post("/publish", "{\"topic\": \"a\", \"qos\": 5}").status()).isEqualTo(400);
        assertThat(api.post("/publish", "{\"topic\": \"a\", \"payload\": \"@@@@\", \"encoding\": \"base64\"}").status())
                .isEqualTo(400);
        AdminHttp.Response response = api.post("/publish", "{\"topic\": \"a\", \"encoding\": \"rot13\"}");
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("error").asString()).contains("encoding");
    }

    @Test
    void openApiDescriptionIsServed() {
        AdminHttp.Response response = api.get("/openapi.yaml");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.raw().headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/yaml"));
        assertThat(response.body()).startsWith("openapi: 3").contains("/clients/{clientId}/subscriptions:");
    }
}
