package io.petrel.actuator;

import io.petrel.session.DropReason;
import io.petrel.session.DroppedMessages;
import io.petrel.session.SessionRegistry;
import io.petrel.transport.ConnectionRefusal;
import io.petrel.transport.ListenerStats;
import io.petrel.transport.MqttServer;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * UP while the MQTT server runs and every listener is bound; details: each listener (bound, open
 * connections, accepted and refused since start), connections, sessions and messages dropped since start,
 * by reason.
 */
public final class MqttHealthIndicator implements HealthIndicator {

    private final MqttServer server;
    private final SessionRegistry sessions;
    private final DroppedMessages droppedMessages;

    public MqttHealthIndicator(MqttServer server, SessionRegistry sessions, DroppedMessages droppedMessages) {
        this.server = server;
        this.sessions = sessions;
        this.droppedMessages = droppedMessages;
    }

    @Override
    public Health health() {
        Map<String, Boolean> bound = server.listenerStates();
        boolean up = server.isRunning() && !bound.isEmpty() && !bound.containsValue(false);
        return (up ? Health.up() : Health.down())
                .withDetail("listeners", listenerDetails(bound))
                .withDetail("connections", server.connectionCount())
                .withDetail("sessions", sessions.size())
                .withDetail("connectedSessions", sessions.connectedCount())
                .withDetail("droppedMessages", droppedByReason())
                .build();
    }

    private Map<String, Object> listenerDetails(Map<String, Boolean> bound) {
        Map<String, Object> details = new LinkedHashMap<>();
        bound.forEach((name, isBound) -> {
            ListenerStats stats = server.listenerStats().get(name);
            Map<String, Long> refused = new LinkedHashMap<>();
            for (ConnectionRefusal reason : ConnectionRefusal.values()) {
                refused.put(reason.tag(), stats.refusedConnections(reason));
            }
            details.put(name, Map.of("bound", isBound, "connections", stats.openConnections(),
                    "accepted", stats.acceptedConnections(), "refused", refused));
        });
        return details;
    }

    private Map<String, Long> droppedByReason() {
        Map<String, Long> dropped = new LinkedHashMap<>();
        for (DropReason reason : DropReason.values()) {
            dropped.put(reason.name().toLowerCase(Locale.ROOT), droppedMessages.count(reason));
        }
        return dropped;
    }
}
