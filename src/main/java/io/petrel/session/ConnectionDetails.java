package io.petrel.session;

import java.net.InetSocketAddress;
import org.jspecify.annotations.Nullable;

/**
 * What an operator sees of a client's connection, fixed once its CONNECT was accepted.
 *
 * @param listener the listener it came in on, as in {@code mqtt.listeners.<name>}
 * @param remoteAddress where the client really is (the address a PROXY protocol header announced, if any)
 * @param protocolVersion 3 (MQTT 3.1), 4 (3.1.1) or 5
 * @param username the username the client authenticated with, if any
 * @param keepAliveSeconds the keep-alive in force; 0 is none
 * @param cleanStart whether the client asked for clean start (clean session)
 * @param connectedAtMillis when the CONNECT was accepted (epoch milliseconds)
 */
public record ConnectionDetails(String listener, InetSocketAddress remoteAddress, int protocolVersion,
        @Nullable String username, int keepAliveSeconds, boolean cleanStart, long connectedAtMillis) {}
