package io.petrel.config;

import io.petrel.admin.AdminRoutes;
import io.petrel.protocol.Broker;
import java.util.Objects;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextType;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The admin REST API ({@code /api/v1}) on the management server: in the management child context when the
 * management port is its own, in the application context when it shares the server port. Only when
 * {@code mqtt.admin.password} is set.
 */
@ManagementContextConfiguration(value = ManagementContextType.ANY, proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@Conditional(MqttAdminPasswordCondition.class)
@EnableConfigurationProperties(MqttAdminProperties.class)
public final class MqttAdminManagementContextConfiguration {

    @Bean
    RouterFunction<ServerResponse> mqttAdminRoutes(MqttAdminProperties properties, Broker broker) {
        String password = Objects.requireNonNull(properties.getPassword(), MqttAdminPasswordCondition.PASSWORD);
        return AdminRoutes.create(broker, properties.getUsername(), password);
    }
}
