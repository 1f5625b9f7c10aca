package io.petrel.config;

import io.petrel.auth.ClientInfo;
import io.petrel.event.ClientConnected;
import io.petrel.event.ClientDisconnected;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;

/**
 * Writes the INFO line for each accepted connection and each that ends, from the lifecycle events on the
 * {@code mqtt-events} thread; present only with {@code mqtt.events.log-connections=true}, and fed only by the
 * default event sink. Formatting a line and writing it to the console took a sixth of an event loop's time
 * per connection, and a console write blocks when its reader is slow (a log shipper behind a pipe), which
 * would stall every client on that loop; here it stalls only the events.
 */
final class ConnectionLogListener {

    /** One logger name for both lines, so that {@code logging.level.io.petrel.connections=warn} silences them. */
    static final String LOGGER_NAME = "io.petrel.connections";

    private static final Logger log = LoggerFactory.getLogger(LOGGER_NAME);

    @EventListener
    void on(ClientConnected event) {
        ClientInfo client = event.client();
        log.info("Client {} connected from {} to listener {} (MQTT level {}, clean start {}, session present {})",
                client.clientId(), client.remoteAddress(), client.listener(), client.protocolVersion(),
                event.cleanStart(), event.sessionPresent());
    }

    @EventListener
    void on(ClientDisconnected event) {
        ClientInfo client = event.client();
        log.info("Client {} from {} disconnected: {}", client.clientId(), client.remoteAddress(), event.reason());
    }
}
