package io.petrel.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.petrel.config.MqttAdminManagementContextConfiguration;
import io.petrel.config.MqttAdminProperties;
import io.petrel.config.MqttAuthAutoConfiguration;
import io.petrel.config.MqttServerAutoConfiguration;
import io.petrel.config.MqttStorageAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.web.reactive.function.server.RouterFunction;

/** The admin REST API is registered only once mqtt.admin.password has a value. */
class MqttAdminManagementContextConfigurationTests {

    private final ReactiveWebApplicationContextRunner contextRunner = new ReactiveWebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(MqttAuthAutoConfiguration.class,
                    MqttStorageAutoConfiguration.class, MqttServerAutoConfiguration.class))
            .withUserConfiguration(MqttAdminManagementContextConfiguration.class)
            .withPropertyValues("mqtt.listeners.tcp.host=127.0.0.1", "mqtt.listeners.tcp.port=0",
                    "mqtt.listeners.ws.enabled=false");

    @Test
    void apiIsOffWithoutAPassword() {
        contextRunner.run(context -> assertThat(context).hasNotFailed()
                .doesNotHaveBean(RouterFunction.class).doesNotHaveBean(MqttAdminProperties.class));
    }

    @Test
    void apiIsOffWithABlankPassword() {
        contextRunner.withPropertyValues("mqtt.admin.password=  ")
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(RouterFunction.class));
    }

    @Test
    void apiIsOnWithAPasswordAndTheDefaultUsername() {
        contextRunner.withPropertyValues("mqtt.admin.password=secret").run(context -> {
            assertThat(context).hasSingleBean(RouterFunction.class);
            assertThat(context.getBean(MqttAdminProperties.class).getUsername()).isEqualTo("admin");
        });
    }
}
