package io.petrel.admin;

import io.petrel.session.ConnectionDetails;
import io.petrel.session.Session;
import java.net.InetSocketAddress;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A client as the API shows it: its session and the connection attached now or, while it is offline, last.
 *
 * @param clientId the client identifier
 * @param connected whether a connection is attached
 * @param listener the listener the connection came in on
 * @param remoteAddress the client's address (the one a PROXY protocol header announced, if any)
 * @param protocolVersion 3 (MQTT 3.1), 4 (3.1.1) or 5
 * @param username the username it authenticated with
 * @param keepAliveSeconds the keep-alive in force
 * @param cleanStart whether it asked for clean start (clean session)
 * @param connectedAt when its CONNECT was accepted
 * @param sessionExpiryIntervalSeconds how long the session outlives the connection (4294967295: never expires)
 * @param inflightMessages messages sent and not yet acknowledged
 * @param queuedMessages messages waiting to be sent
 * @param subscriptions how many subscriptions the session has
 */
record ClientView(String clientId, boolean connected, @Nullable String listener, @Nullable String remoteAddress,
        @Nullable Integer protocolVersion, @Nullable String username, @Nullable Integer keepAliveSeconds,
        @Nullable Boolean cleanStart, @Nullable Instant connectedAt, long sessionExpiryIntervalSeconds,
        int inflightMessages, int queuedMessages, int subscriptions) {

    /** Reads the session; call it on the session's owner. */
    static ClientView of(Session session) {
        ConnectionDetails details = session.lastConnection();
        if (details == null) { // the first connection is still being attached
            return new ClientView(session.clientId(), session.isConnected(), null, null, null, null, null, null, null,
                    session.expiryIntervalSeconds(), session.inflightMessages(), session.queuedMessages(),
                    session.subscriptionCount());
        }
        return new ClientView(session.clientId(), session.isConnected(), details.listener(),
                address(details.remoteAddress()), details.protocolVersion(), details.username(),
                details.keepAliveSeconds(), details.cleanStart(), Instant.ofEpochMilli(details.connectedAtMillis()),
                session.expiryIntervalSeconds(), session.inflightMessages(), session.queuedMessages(),
                session.subscriptionCount());
    }

    private static String address(InetSocketAddress address) {
        String host = address.getHostString();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + address.getPort();
    }
}
