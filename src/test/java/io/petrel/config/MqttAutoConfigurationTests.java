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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class MqttAutoConfigurationTests {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(MqttAuthAutoConfiguration.class,
                    MqttStorageAutoConfiguration.class, MqttServerAutoConfiguration.class,
                    MqttHealthAutoConfiguration.class))
            .withPropertyValues("mqtt.listeners.tcp.host=127.0.0.1", "mqtt.listeners.tcp.port=0");

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
    void disabledListenerIsNotStarted() {
        contextRunner.withPropertyValues("mqtt.listeners.second.port=0", "mqtt.listeners.second.enabled=false")
                .run(context -> assertThat(context.getBean(MqttServer.class).listenerStates()).containsOnlyKeys("tcp"));
    }

    @Test
    void severalListenersShareOneBroker() {
        contextRunner.withPropertyValues("mqtt.listeners.second.host=127.0.0.1", "mqtt.listeners.second.port=0")
                .run(context -> {
                    MqttServer server = context.getBean(MqttServer.class);
                    assertThat(server.listenerStates()).containsEntry("tcp", true).containsEntry("second", true);
                    assertThat(server.localPort("second")).isPresent();
                });
    }

    @ParameterizedTest
    @ValueSource(strings = {"mqtt.maximum-qos=3", "mqtt.protocol-versions=6", "mqtt.maximum-packet-size=0",
        "mqtt.max-client-id-length=5", "mqtt.max-inflight-messages=0", "mqtt.session.max-queued-messages=-1",
        "mqtt.listeners.tcp.enabled=false"})
    void invalidSettingFailsStartup(String setting) {
        contextRunner.withPropertyValues(setting).run(context -> assertThat(context).hasFailed());
    }

    @Test
    void listenerThatCannotBindFailsStartup() throws Exception {
        try (var occupied = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            contextRunner.withPropertyValues("mqtt.listeners.tcp.port=" + occupied.getLocalPort())
                    .run(context -> assertThat(context).hasFailed());
        }
    }
}
