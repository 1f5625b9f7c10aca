package io.petrel.actuator;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.petrel.transport.ConnectionRefusal;
import io.petrel.transport.ListenerStats;
import io.petrel.transport.MqttServer;

/**
 * Connection meters per listener, read from the server's counters when scraped (nothing is recorded per
 * connection): {@code petrel.connections.open}, {@code petrel.connections.accepted} and
 * {@code petrel.connections.refused} tagged with {@code reason}.
 */
public final class ListenerMetrics implements MeterBinder {

    private final MqttServer server;

    public ListenerMetrics(MqttServer server) {
        this.server = server;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        server.listenerStats().forEach((listener, stats) -> {
            Gauge.builder("petrel.connections.open", stats, ListenerStats::openConnections)
                    .description("Client connections open now").tag("listener", listener).register(registry);
            FunctionCounter.builder("petrel.connections.accepted", stats, ListenerStats::acceptedConnections)
                    .description("Client connections accepted").tag("listener", listener).register(registry);
            for (ConnectionRefusal reason : ConnectionRefusal.values()) {
                FunctionCounter.builder("petrel.connections.refused", stats, counts -> counts.refusedConnections(reason))
                        .description("Client connections closed before MQTT began")
                        .tags("listener", listener, "reason", reason.tag()).register(registry);
            }
        });
    }
}
