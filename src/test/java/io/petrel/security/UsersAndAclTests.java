package io.petrel.security;

import static io.petrel.security.SecurityClients.paho311;
import static io.petrel.security.SecurityClients.publishRefusal;
import static io.petrel.security.SecurityClients.subscribeRefusal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.exceptions.Mqtt3SubAckException;
import com.hivemq.client.mqtt.mqtt3.message.subscribe.suback.Mqtt3SubAckReturnCode;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5SubAckException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAckReasonCode;
import io.petrel.test.BrokerTest;
import io.petrel.test.Clients;
import io.petrel.test.client.Mqtt5Subscriber;
import io.petrel.test.client.TestClients;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Users from configuration (bcrypt and mosquitto hashes) and ACL rules from mqtt.auth.acl, with real
 * MQTT 3.1.1 (Paho, HiveMQ) and MQTT 5 (HiveMQ) clients: reason codes for refused credentials, publishes
 * and subscriptions; roles; the placeholders that must not be widened by a client id or user name; $SYS.
 */
@BrokerTest(properties = {"mqtt.listeners.tcp.port=0", "mqtt.listeners.tcp.host=127.0.0.1", "management.server.port=0",
    // carol-pw (bcrypt, libxcrypt), alice-secret ($7$, mosquitto_passwd), bob-secret ($6$, mosquitto_passwd)
    "mqtt.auth.users.carol.password=$2b$10$abcdefghijklmnopqrstuuo6N0j5iktFzvkH2/iQrDiJArGZE.lKq",
    "mqtt.auth.users.carol.roles=operators",
    "mqtt.auth.users.alice.password=$7$101$dlfUNhEeervyHiHV$ShopR//ZTXG7YhuS9AwdEJ5PWIT34kweezQfzXDVi+D3CwyyWkb9Nh7Ob"
            + "Dp3DF1pCsPWnO988VPbXRwm0PFTEw==",
    "mqtt.auth.users.[+].password=$6$8VIslDxlPCoVVuaH$x9qIA6sXSXcNCVh9pO2TQS+VYDl9neWUa9adg6IMtVY3EAoNmeeSf013trTVgBd"
            + "SnVqEVF52Y2yK6LVQLYGxGA==",
    "mqtt.auth.acl[0].permission=deny", "mqtt.auth.acl[0].action=subscribe", "mqtt.auth.acl[0].topic=test/nosubscribe",
    "mqtt.auth.acl[1].permission=deny", "mqtt.auth.acl[1].action=publish", "mqtt.auth.acl[1].topic=test/nopublish",
    "mqtt.auth.acl[2].topic=test/#",
    "mqtt.auth.acl[3].topic=devices/%c/#",
    "mqtt.auth.acl[4].topic=users/%u/#",
    "mqtt.auth.acl[5].action=publish", "mqtt.auth.acl[5].topic=ops/#", "mqtt.auth.acl[5].role=operators",
    "mqtt.auth.acl[6].action=subscribe", "mqtt.auth.acl[6].topic=ops/#",
    "mqtt.auth.acl[7].action=publish", "mqtt.auth.acl[7].topic=$SYS/#"})
class UsersAndAclTests {

    @RegisterExtension
    final TestClients clients = new TestClients();

    @Test
    void paho311AcceptsTheRightPasswordAndGetsReturnCode4ForWrongOnesAndUnknownUsers() throws MqttException {
        clients.paho3(Clients.unique("paho")).connect(paho311("alice", "alice-secret"));

        for (MqttConnectOptions refused : new MqttConnectOptions[] {paho311("alice", "wrong"),
            paho311("mallory", "alice-secret"), paho311("alice", null)}) {
            assertThatThrownBy(() -> clients.paho3(Clients.unique("paho")).connect(refused))
                    .isInstanceOfSatisfying(MqttException.class, e -> assertThat(e.getReasonCode())
                            .isEqualTo(MqttException.REASON_CODE_FAILED_AUTHENTICATION));
        }
    }

    @Test
    void mqtt5GetsBadUserNameOrPasswordForWrongPasswords() {
        clients.hivemq5(Clients.unique("v5")).connectWith().simpleAuth().username("carol")
                .password(TestClients.utf8("carol-pw")).applySimpleAuth().send();

        Mqtt5BlockingClient wrong = clients.hivemq5(Clients.unique("v5"));
        assertThatThrownBy(() -> wrong.connectWith().simpleAuth().username("carol").password(TestClients.utf8("alice-secret"))
                .applySimpleAuth().send())
                .isInstanceOfSatisfying(Mqtt5ConnAckException.class, e -> assertThat(e.getMqttMessage().getReasonCode())
                        .isEqualTo(Mqtt5ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD));
    }

    @Test
    void anonymousClientsFromLoopbackAreStillAcceptedAndJudgedByTheAcl() {
        Mqtt5BlockingClient anonymous = clients.connected5("anon");

        TestClients.publish(anonymous, "test/anonymous", MqttQos.AT_LEAST_ONCE, "ok");
        assertThat(publishRefusal(anonymous, "elsewhere")).isEqualTo(Mqtt5PubAckReasonCode.NOT_AUTHORIZED);
    }

    @Test
    void mqtt5PublishDeniedByTheAclGetsPuback0x87AndReachesNobody() throws InterruptedException {
        Mqtt5Subscriber subscriber = clients.subscriber5("watcher");
        subscriber.client().subscribeWith()
                .addSubscription().topicFilter("test/nopublish").qos(MqttQos.AT_LEAST_ONCE).applySubscription()
                .addSubscription().topicFilter("test/allowed").qos(MqttQos.AT_LEAST_ONCE).applySubscription()
                .send();
        Mqtt5BlockingClient publisher = connect5("alice", "alice-secret");

        assertThat(publishRefusal(publisher, "test/nopublish")).isEqualTo(Mqtt5PubAckReasonCode.NOT_AUTHORIZED);
        TestClients.publish(publisher, "test/allowed", MqttQos.AT_LEAST_ONCE, "after the refusal");

        assertThat(TestClients.text(subscriber.receive())).as("the denied message never arrives").isEqualTo("after the refusal");
    }

    @Test
    void mqtt311PublishDeniedByTheAclClosesTheConnection() {
        Mqtt3BlockingClient publisher = clients.hivemq3(Clients.unique("v3"));
        publisher.connectWith().simpleAuth().username("alice").password(TestClients.utf8("alice-secret")).applySimpleAuth().send();

        publisher.publishWith().topic("test/nopublish").qos(MqttQos.AT_MOST_ONCE).payload(TestClients.utf8("x")).send();

        await().atMost(TestClients.PATIENCE).until(() -> !publisher.getState().isConnected());
    }

    @Test
    void subscriptionsDeniedByTheAclGetSuback0x87Or0x80() {
        Mqtt5BlockingClient v5 = connect5("alice", "alice-secret");
        Mqtt5SubAckException refused = catchThrowableOfType(Mqtt5SubAckException.class,
                () -> v5.subscribeWith().topicFilter("test/nosubscribe").qos(MqttQos.AT_LEAST_ONCE).send());
        assertThat(refused.getMqttMessage().getReasonCodes()).containsExactly(Mqtt5SubAckReasonCode.NOT_AUTHORIZED);

        Mqtt5SubAckException wide = catchThrowableOfType(Mqtt5SubAckException.class,
                () -> v5.subscribeWith().topicFilter("test/#").qos(MqttQos.AT_LEAST_ONCE).send());
        assertThat(wide.getMqttMessage().getReasonCodes()).as("test/# could receive test/nosubscribe")
                .containsExactly(Mqtt5SubAckReasonCode.NOT_AUTHORIZED);

        Mqtt3BlockingClient v3 = clients.hivemq3(Clients.unique("v3"));
        v3.connectWith().simpleAuth().username("alice").password(TestClients.utf8("alice-secret")).applySimpleAuth().send();
        Mqtt3SubAckException partly = catchThrowableOfType(Mqtt3SubAckException.class, () -> v3.subscribeWith()
                .addSubscription().topicFilter("test/+/allowed").qos(MqttQos.AT_LEAST_ONCE).applySubscription()
                .addSubscription().topicFilter("test/nosubscribe").qos(MqttQos.AT_LEAST_ONCE).applySubscription()
                .send());
        assertThat(partly.getMqttMessage().getReturnCodes()).containsExactly(Mqtt3SubAckReturnCode.SUCCESS_MAXIMUM_QOS_1,
                Mqtt3SubAckReturnCode.FAILURE);
    }

    @Test
    void rolesGrantWhatTheirRulesName() throws InterruptedException {
        Mqtt5Subscriber watcher = clients.subscriber5("ops/#", MqttQos.AT_LEAST_ONCE);
        Mqtt5BlockingClient operator = connect5("carol", "carol-pw");
        Mqtt5BlockingClient other = connect5("alice", "alice-secret");

        assertThat(publishRefusal(other, "ops/restart")).isEqualTo(Mqtt5PubAckReasonCode.NOT_AUTHORIZED);
        TestClients.publish(operator, "ops/restart", MqttQos.AT_LEAST_ONCE, "by an operator");

        assertThat(TestClients.text(watcher.receive())).isEqualTo("by an operator");
    }

    @Test
    void clientIdsAndUserNamesWithWildcardsGainNothingFromPlaceholders() {
        Mqtt5BlockingClient own = clients.hivemq5("dev1");
        own.connect();
        own.subscribeWith().topicFilter("devices/dev1/#").send();

        Mqtt5BlockingClient sneakyId = clients.hivemq5("a/#");
        sneakyId.connect();
        assertThat(subscribeRefusal(sneakyId, "devices/a/#")).isEqualTo(Mqtt5SubAckReasonCode.NOT_AUTHORIZED);
        assertThat(subscribeRefusal(sneakyId, "devices/#")).isEqualTo(Mqtt5SubAckReasonCode.NOT_AUTHORIZED);
        assertThat(publishRefusal(sneakyId, "devices/a/x")).isEqualTo(Mqtt5PubAckReasonCode.NOT_AUTHORIZED);

        Mqtt5BlockingClient sneakyName = connect5("+", "bob-secret");
        assertThat(subscribeRefusal(sneakyName, "users/+/#")).isEqualTo(Mqtt5SubAckReasonCode.NOT_AUTHORIZED);
        assertThat(publishRefusal(sneakyName, "users/alice/inbox")).isEqualTo(Mqtt5PubAckReasonCode.NOT_AUTHORIZED);

        Mqtt5BlockingClient alice = connect5("alice", "alice-secret");
        alice.subscribeWith().topicFilter("users/alice/#").send();
    }

    @Test
    void nobodyPublishesToSysEvenWithARuleThatAllowsIt() {
        Mqtt5BlockingClient operator = connect5("carol", "carol-pw");

        assertThat(publishRefusal(operator, "$SYS/broker/uptime")).isEqualTo(Mqtt5PubAckReasonCode.NOT_AUTHORIZED);
    }

    private Mqtt5BlockingClient connect5(String username, String password) {
        return SecurityClients.connect5(clients, username, password);
    }
}
