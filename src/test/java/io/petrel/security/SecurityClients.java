package io.petrel.security;

import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5SubAckException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAckReasonCode;
import io.petrel.test.Clients;
import io.petrel.test.client.TestClients;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.jspecify.annotations.Nullable;

/** Connecting with credentials, and the reason codes of refused CONNECTs, publishes and subscriptions. */
final class SecurityClients {

    private SecurityClients() {}

    /** An MQTT 5 client connected with this user name and password (or token). */
    static Mqtt5BlockingClient connect5(TestClients clients, String username, String password) {
        Mqtt5BlockingClient client = clients.hivemq5(Clients.unique("client"));
        client.connectWith().simpleAuth().username(username).password(TestClients.utf8(password)).applySimpleAuth()
                .send();
        return client;
    }

    /** The CONNACK reason code of a refused {@link #connect5}. */
    static Mqtt5ConnAckReasonCode connectRefusal(TestClients clients, String username, String password) {
        return catchThrowableOfType(Mqtt5ConnAckException.class, () -> connect5(clients, username, password))
                .getMqttMessage().getReasonCode();
    }

    /** The PUBACK reason code of a refused QoS 1 publish. */
    static Mqtt5PubAckReasonCode publishRefusal(Mqtt5BlockingClient client, String topic) {
        return catchThrowableOfType(Mqtt5PubAckException.class,
                () -> TestClients.publish(client, topic, MqttQos.AT_LEAST_ONCE, "refused"))
                .getMqttMessage().getReasonCode();
    }

    /** The SUBACK reason code of a refused subscription. */
    static Mqtt5SubAckReasonCode subscribeRefusal(Mqtt5BlockingClient client, String filter) {
        return catchThrowableOfType(Mqtt5SubAckException.class,
                () -> client.subscribeWith().topicFilter(filter).qos(MqttQos.AT_LEAST_ONCE).send())
                .getMqttMessage().getReasonCodes().get(0);
    }

    /** Paho options for an MQTT 3.1.1 CONNECT with this user name and password (none when null). */
    static MqttConnectOptions paho311(String username, @Nullable String password) {
        MqttConnectOptions options = new MqttConnectOptions();
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setUserName(username);
        if (password != null) {
            options.setPassword(password.toCharArray());
        }
        return options;
    }
}
