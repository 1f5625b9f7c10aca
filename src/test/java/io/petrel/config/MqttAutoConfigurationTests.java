package io.petrel.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.petrel.actuator.MqttHealthIndicator;
import io.petrel.auth.AnonymousAuthenticator;
import io.petrel.auth.AuthenticationResult;
import io.petrel.auth.Authenticator;
import io.petrel.auth.Authorizer;
import io.petrel.auth.DefaultAuthorizer;
import io.petrel.message.ReasonCode;
import io.petrel.protocol.Broker;
import io.petrel.retain.InMemoryRetainedMessageStore;
import io.petrel.retain.RetainedMessageStore;
import io.petrel.transport.MqttServer;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

class MqttAutoConfigurationTests {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, MqttAuthAutoConfiguration.class,
                    MqttStorageAutoConfiguration.class, MqttServerAutoConfiguration.class,
                    MqttHealthAutoConfiguration.class))
            .withPropertyValues("mqtt.listeners.tcp.host=127.0.0.1", "mqtt.listeners.tcp.port=0",
                    "mqtt.listeners.ws.host=127.0.0.1", "mqtt.listeners.ws.port=0");

    @Test
    void defaultsAreInMemoryAndAnonymousFromLoopback() {
        contextRunner.run(context -> {
            assertThat(context).hasSingleBean(MqttServer.class).hasSingleBean(Broker.class)
                    .hasSingleBean(MqttHealthIndicator.class);
            assertThat(context).getBean(Authenticator.class).isInstanceOf(AnonymousAuthenticator.class);
            assertThat(context).getBean(Authorizer.class).isInstanceOf(DefaultAuthorizer.class);
            assertThat(context).getBean(RetainedMessageStore.class).isInstanceOf(InMemoryRetainedMessageStore.class);
            assertThat(context.getBean(MqttServer.class).localPort("tcp")).isPresent();
        });
    }

    @Test
    void autoConfigurationBacksOffWhenUserProvidesAuthenticator() {
        Authenticator custom = request -> AuthenticationResult.refuse(ReasonCode.NOT_AUTHORIZED, null);
        contextRunner.withBean(Authenticator.class, () -> custom)
                .run(context -> assertThat(context).getBean(Authenticator.class).isSameAs(custom));
    }

    @Test
    void autoConfigurationBacksOffWhenUserProvidesAuthorizer() {
        Authorizer custom = new DefaultAuthorizer();
        contextRunner.withBean(Authorizer.class, () -> custom)
                .run(context -> assertThat(context).getBean(Authorizer.class).isSameAs(custom));
    }

    @Test
    void autoConfigurationBacksOffWhenUserProvidesRetainedMessageStore() {
        RetainedMessageStore custom = new InMemoryRetainedMessageStore();
        contextRunner.withBean(RetainedMessageStore.class, () -> custom)
                .run(context -> assertThat(context).getBean(RetainedMessageStore.class).isSameAs(custom));
    }

    @Test
    void healthIndicatorCanBeSwitchedOff() {
        contextRunner.withPropertyValues("management.health.mqtt.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(MqttHealthIndicator.class));
    }

    @Test
    void tcpAndWebSocketStartByDefaultAndTlsKindsWaitForABundle() {
        contextRunner.run(context -> assertThat(context.getBean(MqttServer.class).listenerStates())
                .containsOnlyKeys("tcp", "ws"));
    }

    @Test
    void environmentVariablesSetListenersByRelaxedBinding() {
        Map<String, Object> environment = Map.of("MQTT_LISTENERS_WS_PORT", "0", "MQTT_LISTENERS_WS_PATH", "/broker",
                "MQTT_LISTENERS_EDGE_KIND", "tcp", "MQTT_LISTENERS_EDGE_HOST", "127.0.0.1", "MQTT_LISTENERS_EDGE_PORT", "0");
        contextRunner.withInitializer(context -> context.getEnvironment().getPropertySources()
                        .addFirst(new SystemEnvironmentPropertySource(
                                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, environment)))
                .run(context -> {
                    PetrelProperties properties = context.getBean(PetrelProperties.class);
                    assertThat(properties.getListeners().get("ws").getPath()).isEqualTo("/broker");
                    assertThat(context.getBean(MqttServer.class).listenerStates())
                            .containsOnlyKeys("tcp", "ws", "edge").doesNotContainValue(false);
                });
    }

    @Test
    void disabledListenerIsNotStarted() {
        contextRunner.withPropertyValues("mqtt.listeners.ws.enabled=false")
                .run(context -> assertThat(context.getBean(MqttServer.class).listenerStates()).containsOnlyKeys("tcp"));
    }

    @Test
    void noEnabledListenerFailsStartup() {
        contextRunner.withPropertyValues("mqtt.listeners.tcp.enabled=false", "mqtt.listeners.ws.enabled=false")
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .rootCause().hasMessageContaining("at least one listener"));
    }

    @Test
    void severalListenersShareOneBroker() {
        contextRunner.withPropertyValues("mqtt.listeners.second.kind=tcp", "mqtt.listeners.second.host=127.0.0.1",
                        "mqtt.listeners.second.port=0")
                .run(context -> {
                    MqttServer server = context.getBean(MqttServer.class);
                    assertThat(server.listenerStates()).containsEntry("tcp", true).containsEntry("second", true);
                    assertThat(server.localPort("second")).isPresent();
                });
    }

    @ParameterizedTest
    @ValueSource(strings = {"mqtt.maximum-qos=3", "mqtt.protocol-versions=6", "mqtt.maximum-packet-size=0",
        "mqtt.max-client-id-length=5", "mqtt.max-inflight-messages=0", "mqtt.session.max-queued-messages=-1"})
    void invalidSettingFailsStartup(String setting) {
        contextRunner.withPropertyValues(setting).run(context -> assertThat(context).hasFailed());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "mqtt.listeners.other.port=0|mqtt.listeners.other.kind is required",
        "mqtt.listeners.tls.enabled=true|mqtt.listeners.tls.ssl-bundle is required",
        "mqtt.listeners.tls.ssl-bundle=missing|mqtt.listeners.tls.ssl-bundle: SSL bundle name 'missing' cannot be found",
        "mqtt.listeners.tcp.ssl-bundle=server|apply to tls and wss listeners only",
        "mqtt.listeners.tcp.client-auth=need|apply to tls and wss listeners only",
        "mqtt.listeners.ws.path=mqtt|mqtt.listeners.ws.path must start with /",
        "mqtt.listeners.tcp.port=70000|mqtt.listeners.tcp.port must be between 0 and 65535",
        "mqtt.listeners.tcp.max-connection-rate=-1|mqtt.listeners.tcp.max-connection-rate must not be negative",
        "mqtt.listeners.tcp.kind=carrier-pigeon|carrier-pigeon"})
    void invalidListenerFailsStartupNamingTheProperty(String settingAndMessage) {
        String[] parts = settingAndMessage.split("\\|");
        contextRunner.withPropertyValues(parts[0]).run(context -> assertThat(context).hasFailed()
                .getFailure().satisfies(failure -> assertThat(allMessages(failure)).contains(parts[1])));
    }

    private static String allMessages(Throwable failure) {
        StringBuilder messages = new StringBuilder();
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            messages.append(cause.getMessage()).append('\n');
        }
        return messages.toString();
    }

    @Test
    void listenerThatCannotBindFailsStartup() throws Exception {
        try (var occupied = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            contextRunner.withPropertyValues("mqtt.listeners.tcp.port=" + occupied.getLocalPort())
                    .run(context -> assertThat(context).hasFailed());
        }
    }
}
