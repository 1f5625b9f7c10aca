package io.petrel.event;

import io.petrel.message.ReasonCode;
import java.net.InetSocketAddress;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A CONNECT was refused with a CONNACK carrying an error code.
 *
 * @param clientId the client id the CONNECT asked for, or null when it could not be read
 * @param username the user name of the CONNECT, if any
 * @param remoteAddress the client's address (the real one behind a PROXY protocol load balancer)
 * @param listener the listener it came in on
 * @param protocolVersion the protocol level it asked for
 * @param reasonCode why (3.1.1 clients saw the nearest return code)
 * @param reason the broker's explanation, as logged
 * @param time when it was refused
 */
public record ConnectionRefused(@Nullable String clientId, @Nullable String username, InetSocketAddress remoteAddress,
        String listener, int protocolVersion, ReasonCode reasonCode, String reason, Instant time)
        implements BrokerEvent {}
