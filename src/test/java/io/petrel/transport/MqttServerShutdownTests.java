package io.petrel.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5DisconnectException;
import com.hivemq.client.mqtt.mqtt5.message.disconnect.Mqtt5DisconnectReasonCode;
import io.petrel.config.MqttAuthAutoConfiguration;
import io.petrel.config.MqttServerAutoConfiguration;
import io.petrel.config.MqttStorageAutoConfiguration;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Stopping the server tells MQTT 5 clients why (DISCONNECT 0x8B) and closes every connection. */
class MqttServerShutdownTests {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(MqttAuthAutoConfiguration.class,
                    MqttStorageAutoConfiguration.class, MqttServerAutoConfiguration.class))
            .withPropertyValues("mqtt.listeners.tcp.host=127.0.0.1", "mqtt.listeners.tcp.port=0",
                    "mqtt.listeners.ws.enabled=false");

    @Test
    void stoppingSendsMqtt5ClientsServerShuttingDownAndClosesEveryConnection() {
        AtomicReference<Throwable> mqtt5Cause = new AtomicReference<>();
        AtomicReference<Throwable> mqtt3Cause = new AtomicReference<>();
        contextRunner.run(context -> {
            int port = context.getBean(MqttServer.class).localPort("tcp").orElseThrow();
            Mqtt5BlockingClient mqtt5 = MqttClient.builder().useMqttVersion5().identifier("shutdown-v5")
                    .serverHost("127.0.0.1").serverPort(port)
                    .addDisconnectedListener(disconnected -> mqtt5Cause.set(disconnected.getCause()))
                    .buildBlocking();
            Mqtt3BlockingClient mqtt3 = MqttClient.builder().useMqttVersion3().identifier("shutdown-v3")
                    .serverHost("127.0.0.1").serverPort(port)
                    .addDisconnectedListener(disconnected -> mqtt3Cause.set(disconnected.getCause()))
                    .buildBlocking();
            mqtt5.connect();
            mqtt3.connect();
            context.close();
            await().atMost(Duration.ofSeconds(15)).until(() -> mqtt5Cause.get() != null && mqtt3Cause.get() != null);
            assertThat(mqtt5.getState().isConnected()).isFalse();
            assertThat(mqtt3.getState().isConnected()).isFalse();
        });
        assertThat(mqtt5Cause.get()).isInstanceOfSatisfying(Mqtt5DisconnectException.class, disconnect ->
                assertThat(disconnect.getMqttMessage().getReasonCode())
                        .isEqualTo(Mqtt5DisconnectReasonCode.SERVER_SHUTTING_DOWN));
    }
}
