package io.petrel.config;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.petrel.actuator.BrokerMetrics;
import io.petrel.actuator.ListenerMetrics;
import io.petrel.actuator.MicrometerProtocolMetrics;
import io.petrel.protocol.ProtocolMetrics;
import io.petrel.retain.RetainedMessageStore;
import io.petrel.routing.SubscriptionTree;
import io.petrel.session.DroppedMessages;
import io.petrel.session.SessionRegistry;
import io.petrel.transport.MqttServer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/**
 * Micrometer meters for the broker, when Micrometer is present: protocol traffic per listener (counted as
 * it happens), connection counts per listener and the broker's state (read when scraped).
 */
@AutoConfiguration(after = MqttStorageAutoConfiguration.class)
@ConditionalOnClass(MeterBinder.class)
public final class MqttMetricsAutoConfiguration {

    @Bean
    ProtocolMetrics.Factory mqttProtocolMetrics(ObjectProvider<MeterRegistry> registry) {
        // Resolved when the listeners start, after every registry and its configuration exist.
        return MicrometerProtocolMetrics.factory(registry::getIfAvailable);
    }

    @Bean
    ListenerMetrics mqttListenerMetrics(MqttServer server) {
        return new ListenerMetrics(server);
    }

    @Bean
    BrokerMetrics mqttBrokerMetrics(SessionRegistry sessions, SubscriptionTree subscriptions,
            RetainedMessageStore retainedMessages, DroppedMessages droppedMessages) {
        return new BrokerMetrics(sessions, subscriptions, retainedMessages, droppedMessages);
    }

    /** Lifecycle events (with them, connection log lines) dropped because {@code mqtt-events} fell behind. */
    @Bean
    MeterBinder mqttDroppedEvents(ObjectProvider<ApplicationEventSink> events) {
        return registry -> events.ifAvailable(sink -> FunctionCounter.builder("petrel.events.dropped", sink,
                        ApplicationEventSink::droppedEvents)
                .description("Lifecycle events dropped because the listeners fell mqtt.events.queue-capacity behind")
                .register(registry));
    }
}
