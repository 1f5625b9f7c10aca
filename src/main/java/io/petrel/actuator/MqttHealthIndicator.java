package io.petrel.actuator;

import io.petrel.session.DropReason;
import io.petrel.session.DroppedMessages;
import io.petrel.session.SessionRegistry;
import io.petrel.transport.MqttServer;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * UP while the MQTT server runs and every listener is bound; details: listeners, connections, sessions and
 * messages dropped since start, by reason.
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
        Map<String, Boolean> listeners = server.listenerStates();
        boolean up = server.isRunning() && !listeners.isEmpty() && !listeners.containsValue(false);
        return (up ? Health.up() : Health.down())
                .withDetail("listeners", listeners)
                .withDetail("connections", server.connectionCount())
                .withDetail("sessions", sessions.size())
                .withDetail("connectedSessions", sessions.connectedCount())
                .withDetail("droppedMessages", droppedByReason())
                .build();
    }

    private Map<String, Long> droppedByReason() {
        Map<String, Long> dropped = new LinkedHashMap<>();
        for (DropReason reason : DropReason.values()) {
            dropped.put(reason.name().toLowerCase(Locale.ROOT), droppedMessages.count(reason));
        }
        return dropped;
    }
}
