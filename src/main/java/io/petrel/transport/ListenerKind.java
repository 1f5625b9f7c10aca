package io.petrel.transport;

import java.util.Locale;
import java.util.Optional;

/** What a listener speaks under MQTT. */
public enum ListenerKind {

    /** MQTT over plain TCP. */
    TCP(1883, false, false),
    /** MQTT over TLS. */
    TLS(8883, true, false),
    /** MQTT over WebSocket. */
    WS(8083, false, true),
    /** MQTT over WebSocket over TLS. */
    WSS(8084, true, true);

    private final int defaultPort;
    private final boolean tls;
    private final boolean webSocket;

    ListenerKind(int defaultPort, boolean tls, boolean webSocket) {
        this.defaultPort = defaultPort;
        this.tls = tls;
        this.webSocket = webSocket;
    }

    /** The kind a listener named after one ({@code tcp}, {@code tls}, {@code ws}, {@code wss}) has. */
    public static Optional<ListenerKind> ofName(String name) {
        for (ListenerKind kind : values()) {
            if (kind.name().toLowerCase(Locale.ROOT).equals(name)) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }

    /** The IANA port for MQTT of this kind (WebSocket: the port most brokers use). */
    public int defaultPort() {
        return defaultPort;
    }

    public boolean isTls() {
        return tls;
    }

    public boolean isWebSocket() {
        return webSocket;
    }
}
