package io.petrel.config;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** Lifecycle events for {@code @EventListener}s ({@code mqtt.events.*}). */
@ConfigurationProperties("mqtt.events")
public class MqttEventsProperties {

    /**
     * Events that may wait for the {@code mqtt-events} thread, which calls the listeners; when listeners fall
     * this far behind, further events are dropped (and counted) rather than slowing the broker down.
     */
    private int queueCapacity = 10_000;

    /**
     * Log each accepted connection and each that ends at INFO (logger {@code io.petrel.connections}), from
     * the connected and disconnected events. Off by default: with a fleet that reconnects often the lines
     * are a flood, and each costs more memory churn than the connection it reports (README, Operations).
     */
    private boolean logConnections;

    public int getQueueCapacity() {
        return queueCapacity;
    }

    public void setQueueCapacity(int queueCapacity) {
        this.queueCapacity = queueCapacity;
    }

    public boolean isLogConnections() {
        return logConnections;
    }

    public void setLogConnections(boolean logConnections) {
        this.logConnections = logConnections;
    }
}
