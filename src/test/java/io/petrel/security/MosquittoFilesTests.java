package io.petrel.security;

import static io.petrel.security.SecurityClients.connect5;
import static io.petrel.security.SecurityClients.connectRefusal;
import static io.petrel.security.SecurityClients.paho311;
import static io.petrel.security.SecurityClients.publishRefusal;
import static io.petrel.security.SecurityClients.subscribeRefusal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAckReasonCode;
import io.petrel.auth.users.PasswordHashes;
import io.petrel.test.BrokerTest;
import io.petrel.test.Clients;
import io.petrel.test.client.TestClients;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.util.FileSystemUtils;

/**
 * Migration from mosquitto: its password_file (as mosquitto_passwd wrote it, $7$ and $6$) and acl_file
 * are read as they are, and both are read again when they change, while the broker runs; a broken file
 * keeps the last good one. The fixtures are copied so that the tests can change them.
 */
@BrokerTest(properties = {"mqtt.listeners.tcp.port=0", "mqtt.listeners.tcp.host=127.0.0.1", "management.server.port=0",
    "mqtt.auth.reload-interval=100ms"})
class MosquittoFilesTests {

    private static final Path FIXTURES = Paths.get("src/test/resources/mosquitto");
    private static final Path FOLDER;
    private static final Path PASSWORDS;
    private static final Path ACL;

    static {
        try {
            FOLDER = Files.createTempDirectory("petrel-mosquitto");
            PASSWORDS = Files.copy(FIXTURES.resolve("passwd"), FOLDER.resolve("passwd"));
            ACL = Files.copy(FIXTURES.resolve("acl"), FOLDER.resolve("acl"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void files(DynamicPropertyRegistry registry) {
        registry.add("mqtt.auth.password-file", PASSWORDS::toString);
        registry.add("mqtt.auth.acl-file", ACL::toString);
    }

    @AfterAll
    static void deleteFolder() throws IOException {
        FileSystemUtils.deleteRecursively(FOLDER);
    }

    @RegisterExtension
    final TestClients clients = new TestClients();

    @AfterEach
    void restoreFixtures() throws IOException {
        Files.copy(FIXTURES.resolve("passwd"), PASSWORDS, StandardCopyOption.REPLACE_EXISTING);
        Files.copy(FIXTURES.resolve("acl"), ACL, StandardCopyOption.REPLACE_EXISTING);
        // the next test starts once the broker has read them again: dave is gone, alice's rules are back
        await().atMost(TestClients.PATIENCE)
                .until(() -> catchThrowable(() -> connect("dave", "dave-secret")) instanceof Mqtt5ConnAckException);
        Mqtt5BlockingClient alice = connect("alice", "alice-secret");
        await().atMost(TestClients.PATIENCE).ignoreExceptions()
                .untilAsserted(() -> TestClients.publish(alice, "alice/notes", MqttQos.AT_LEAST_ONCE, "restored"));
    }

    @Test
    void mosquittoPasswdHashesAreAcceptedFromMqtt311Clients() throws MqttException {
        clients.paho3(Clients.unique("alice")).connect(paho311("alice", "alice-secret"));
        clients.paho3(Clients.unique("bob")).connect(paho311("bob", "bob-secret"));

        assertThatThrownBy(() -> clients.paho3(Clients.unique("bob")).connect(paho311("bob", "alice-secret")))
                .isInstanceOfSatisfying(MqttException.class, e -> assertThat(e.getReasonCode())
                        .isEqualTo(MqttException.REASON_CODE_FAILED_AUTHENTICATION));
    }

    @Test
    void theAclFileDecidesPerUserForAnonymousClientsAndByPattern() {
        Mqtt5BlockingClient alice = connect("alice", "alice-secret");
        TestClients.publish(alice, "alice/notes", MqttQos.AT_LEAST_ONCE, "mine");
        assertThat(publishRefusal(alice, "alice/secret")).isEqualTo(Mqtt5PubAckReasonCode.NOT_AUTHORIZED);
        assertThat(publishRefusal(alice, "reports/daily")).isEqualTo(Mqtt5PubAckReasonCode.NOT_AUTHORIZED);

        Mqtt5BlockingClient bob = connect("bob", "bob-secret");
        TestClients.publish(bob, "reports/daily", MqttQos.AT_LEAST_ONCE, "report");
        assertThat(subscribeRefusal(bob, "reports/#")).as("write only").isEqualTo(Mqtt5SubAckReasonCode.NOT_AUTHORIZED);

        Mqtt5BlockingClient anonymous = clients.connected5("anon");
        anonymous.subscribeWith().topicFilter("weather/#").send();
        assertThat(subscribeRefusal(anonymous, "alice/#")).isEqualTo(Mqtt5SubAckReasonCode.NOT_AUTHORIZED);

        Mqtt5BlockingClient device = clients.hivemq5("dev42");
        device.connect();
        TestClients.publish(device, "devices/dev42/state", MqttQos.AT_LEAST_ONCE, "on");
        assertThat(publishRefusal(device, "devices/dev43/state")).isEqualTo(Mqtt5PubAckReasonCode.NOT_AUTHORIZED);
    }

    @Test
    void aChangedPasswordFileIsReadWithoutARestartAndABrokenOneKeepsTheLastGood() throws IOException {
        assertThat(refusal("dave", "dave-secret")).isEqualTo(Mqtt5ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD);

        Files.writeString(PASSWORDS, "dave:" + PasswordHashes.bcrypt(TestClients.utf8("dave-secret")) + "\n",
                StandardOpenOption.APPEND);
        await().atMost(TestClients.PATIENCE).ignoreExceptions().until(() -> connect("dave", "dave-secret") != null);

        Files.writeString(PASSWORDS, "this is not a password file\n", StandardOpenOption.APPEND);
        await().during(TestClients.QUIET).atMost(TestClients.PATIENCE)
                .until(() -> connect("dave", "dave-secret") != null);
    }

    @Test
    void aChangedAclFileAppliesToConnectedClients() throws IOException {
        Mqtt5BlockingClient bob = connect("bob", "bob-secret");
        assertThat(publishRefusal(bob, "bob/inbox")).isEqualTo(Mqtt5PubAckReasonCode.NOT_AUTHORIZED);

        Files.writeString(ACL, "user bob\ntopic readwrite bob/#\n");

        await().atMost(TestClients.PATIENCE).ignoreExceptions()
                .untilAsserted(() -> TestClients.publish(bob, "bob/inbox", MqttQos.AT_LEAST_ONCE, "now allowed"));
        assertThat(publishRefusal(bob, "reports/daily")).as("the old rules are gone")
                .isEqualTo(Mqtt5PubAckReasonCode.NOT_AUTHORIZED);
    }

    private Mqtt5BlockingClient connect(String username, String password) {
        return connect5(clients, username, password);
    }

    private Mqtt5ConnAckReasonCode refusal(String username, String password) {
        return connectRefusal(clients, username, password);
    }
}
