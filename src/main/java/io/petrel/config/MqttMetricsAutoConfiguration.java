package io.petrel.config;

import io.micrometer.core.instrument.binder.MeterBinder;
import io.petrel.actuator.ListenerMetrics;
import io.petrel.transport.MqttServer;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/** Micrometer meters for the MQTT server, when Micrometer is present. */
@AutoConfiguration(after = MqttServerAutoConfiguration.class)
@ConditionalOnClass(MeterBinder.class)
@ConditionalOnBean(MqttServer.class)
public final class MqttMetricsAutoConfiguration {

    @Bean
    ListenerMetrics mqttListenerMetrics(MqttServer server) {
        return new ListenerMetrics(server);
    }
}
