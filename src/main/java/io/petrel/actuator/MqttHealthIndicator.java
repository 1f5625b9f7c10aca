package io.petrel.actuator;

import io.petrel.session.SessionRegistry;
import io.petrel.transport.MqttServer;
import java.util.Map;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/** UP while the MQTT server runs and every listener is bound; details: listeners, connections, sessions. */
public final class MqttHealthIndicator implements HealthIndicator {

    private final MqttServer server;
    private final SessionRegistry sessions;

    public MqttHealthIndicator(MqttServer server, SessionRegistry sessions) {
        this.server = server;
        this.sessions = sessions;
    }

    @Override
    public Health health() {
        Map<String, Boolean> listeners = server.listenerStates();
        boolean up = server.isRunning() && !listeners.isEmpty() && !listeners.containsValue(false);
        return (up ? Health.up() : Health.down())
                .withDetail("listeners", listeners)
                .withDetail("connections", server.connectionCount())
                .withDetail("sessions", sessions.size())
                .build();
    }
}
