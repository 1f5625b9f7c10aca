package io.petrel.transport;

import java.util.Locale;

/** Why a listener closed a connection before MQTT began. */
public enum ConnectionRefusal {

    /** {@code mqtt.max-connections} connections were open over all listeners. */
    MAX_CONNECTIONS,
    /** The listener's own {@code max-connections} were open. */
    LISTENER_MAX_CONNECTIONS,
    /** The listener's {@code max-connection-rate} was exceeded. */
    CONNECTION_RATE,
    /** A PROXY protocol listener got no valid header. */
    PROXY_HEADER;

    /** The name used in metrics and health details. */
    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
