package io.petrel.config;

import io.petrel.event.EventSink;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.support.AbstractApplicationContext;

/**
 * Lifecycle events for the application's {@code @EventListener}s and {@code ApplicationListener}s,
 * delivered on the {@code mqtt-events} thread.
 */
@AutoConfiguration
@EnableConfigurationProperties(MqttEventsProperties.class)
public final class MqttEventsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(EventSink.class)
    ApplicationEventSink mqttEventSink(ApplicationContext context, MqttEventsProperties properties) {
        return new ApplicationEventSink(context, () -> listenersOf(context), properties.getQueueCapacity());
    }

    /** The connect and disconnect lines at INFO, written by {@code mqtt-events} rather than a network thread. */
    @Bean
    @ConditionalOnBooleanProperty("mqtt.events.log-connections")
    ConnectionLogListener mqttConnectionLog() {
        return new ConnectionLogListener();
    }

    /** Listener beans, and the listeners registered with the context ({@code @EventListener} methods among them). */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Collection<ApplicationListener<?>> listenersOf(ApplicationContext context) {
        List<ApplicationListener<?>> listeners = new ArrayList<>();
        listeners.addAll((Collection) context.getBeansOfType(ApplicationListener.class, true, false).values());
        if (context instanceof AbstractApplicationContext registry) {
            listeners.addAll(registry.getApplicationListeners());
        }
        return listeners;
    }
}
