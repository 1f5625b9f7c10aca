package io.petrel.event;

import io.petrel.auth.ClientInfo;
import java.time.Instant;

/**
 * A client completed CONNECT and was accepted.
 *
 * @param client who connected: client id, user name, remote address (the real one behind a PROXY protocol
 *     load balancer), listener and protocol level
 * @param keepAliveSeconds the keep-alive in force
 * @param cleanStart clean session (3.1.1) or clean start (5)
 * @param sessionPresent whether an existing session was resumed
 * @param time when the CONNACK was sent
 */
public record ClientConnected(ClientInfo client, int keepAliveSeconds, boolean cleanStart, boolean sessionPresent,
        Instant time) implements BrokerEvent {}
