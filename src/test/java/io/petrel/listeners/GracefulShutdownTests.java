package io.petrel.listeners;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5DisconnectException;
import com.hivemq.client.mqtt.mqtt5.message.disconnect.Mqtt5Disconnect;
import com.hivemq.client.mqtt.mqtt5.message.disconnect.Mqtt5DisconnectReasonCode;
import io.petrel.PetrelApplication;
import io.petrel.test.client.Packets;
import io.petrel.test.client.RawClient;
import io.petrel.transport.MqttServer;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Stopping the application (SIGTERM runs the same close): readiness goes down first, so that Kubernetes
 * stops routing new clients here, then MQTT 5 clients are told to go (0x8B, or 0x9C with the configured
 * server reference) and the others are closed, all within the drain timeout.
 */
class GracefulShutdownTests {

    private static final Duration PATIENCE = Duration.ofSeconds(20);

    private static ConfigurableApplicationContext start(String... properties) {
        return new SpringApplicationBuilder(PetrelApplication.class)
                .properties("mqtt.listeners.tcp.port=0", "mqtt.listeners.tcp.host=127.0.0.1", "management.server.port=0")
                .properties(properties)
                .run();
    }

    private static int port(ConfigurableApplicationContext context) {
        return context.getBean(MqttServer.class).localPort("tcp").orElseThrow();
    }

    @Test
    void readinessGoesDownBeforeMqtt5ClientsAreToldToUseAnotherServer() {
        ConfigurableApplicationContext context = start("mqtt.shutdown.server-reference=mqtt-b.example.com:8883");
        ApplicationAvailability availability = context.getBean(ApplicationAvailability.class);
        AtomicReference<Throwable> mqtt5Cause = new AtomicReference<>();
        AtomicReference<ReadinessState> readinessWhenTold = new AtomicReference<>();
        AtomicReference<Throwable> mqtt3Cause = new AtomicReference<>();
        Mqtt5BlockingClient mqtt5 = MqttClient.builder().useMqttVersion5().identifier("drained-v5")
                .serverHost("127.0.0.1").serverPort(port(context))
                .addDisconnectedListener(disconnected -> {
                    readinessWhenTold.set(availability.getReadinessState());
                    mqtt5Cause.set(disconnected.getCause());
                })
                .buildBlocking();
        Mqtt3BlockingClient mqtt3 = MqttClient.builder().useMqttVersion3().identifier("drained-v3")
                .serverHost("127.0.0.1").serverPort(port(context))
                .addDisconnectedListener(disconnected -> mqtt3Cause.set(disconnected.getCause()))
                .buildBlocking();
        mqtt5.connect();
        mqtt3.connect();
        assertThat(availability.getReadinessState()).isEqualTo(ReadinessState.ACCEPTING_TRAFFIC);

        context.close();

        await().atMost(PATIENCE).until(() -> mqtt5Cause.get() != null && mqtt3Cause.get() != null);
        assertThat(readinessWhenTold.get()).isEqualTo(ReadinessState.REFUSING_TRAFFIC);
        assertThat(mqtt5Cause.get()).isInstanceOfSatisfying(Mqtt5DisconnectException.class, exception -> {
            Mqtt5Disconnect disconnect = exception.getMqttMessage();
            assertThat(disconnect.getReasonCode()).isEqualTo(Mqtt5DisconnectReasonCode.USE_ANOTHER_SERVER);
            assertThat(disconnect.getServerReference()).hasValueSatisfying(
                    reference -> assertThat(reference.toString()).isEqualTo("mqtt-b.example.com:8883"));
        });
        assertThat(mqtt3.getState().isConnected()).isFalse();
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES) // a bound against hanging, not a measurement
    void clientThatDoesNotReadIsClosedByForceOnceTheDrainTimeoutHasPassed() throws Exception {
        ConfigurableApplicationContext context = start("mqtt.shutdown.drain-timeout=1s");
        RawClient stuck = RawClient.open(port(context), 5);
        stuck.connectSuccessfully(Packets.connect5("stuck"));
        stuck.send(Packets.subscribe5(1, 0, "flood/#", 0));
        assertThat(stuck.read().header()).as("SUBACK").isEqualTo(0x90);
        Mqtt3BlockingClient publisher = MqttClient.builder().useMqttVersion3().identifier("flooder")
                .serverHost("127.0.0.1").serverPort(port(context)).buildBlocking();
        publisher.connect();
        byte[] payload = new byte[16 * 1024];
        // More than the socket buffers hold: the broker's writes to the client that stopped reading pile up.
        for (int i = 0; i < 2_000; i++) {
            publisher.publishWith().topic("flood/" + (i % 10)).qos(MqttQos.AT_MOST_ONCE).payload(payload).send();
        }

        context.close();

        assertThat(context.isActive()).isFalse();
        assertThat(drainedToTheEnd(stuck)).as("the broker closed the connection").isTrue();
    }

    /** Reads what the broker had sent until the end of the stream. */
    private static boolean drainedToTheEnd(RawClient client) {
        try {
            client.awaitClosed(PATIENCE);
            return true;
        } catch (IOException | AssertionError e) {
            return false;
        }
    }
}
