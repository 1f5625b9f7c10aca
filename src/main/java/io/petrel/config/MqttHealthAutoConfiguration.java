package io.petrel.config;

import io.petrel.actuator.MqttHealthIndicator;
import io.petrel.session.DroppedMessages;
import io.petrel.session.SessionRegistry;
import io.petrel.transport.MqttServer;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/** The {@code mqtt} health indicator, when Actuator's health support is present. */
@AutoConfiguration(after = MqttServerAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean(MqttServer.class)
@ConditionalOnEnabledHealthIndicator("mqtt")
public final class MqttHealthAutoConfiguration {

    @Bean
    MqttHealthIndicator mqttHealthIndicator(MqttServer server, SessionRegistry sessions,
            DroppedMessages droppedMessages) {
        return new MqttHealthIndicator(server, sessions, droppedMessages);
    }
}
