package io.petrel.protocol;

import io.petrel.auth.AuthenticationResult;
import io.petrel.auth.ClientInfo;
import io.petrel.auth.ClientLimits;
import io.petrel.auth.ConnectRequest;
import org.jspecify.annotations.Nullable;

/**
 * A checked CONNECT on its way through authentication and session opening. Nothing of it lands on the
 * connection before the CONNACK is sent, so a connection that closes earlier leaves no will behind.
 *
 * @param request what the authenticator sees
 * @param cleanStart clean session (3.1.1) or clean start (5)
 * @param keepAliveSeconds the keep-alive in force (the server keep alive where one is configured)
 * @param will the will, if any
 * @param sessionExpirySeconds the session expiry interval granted
 * @param clientIdAssigned whether the client id differs from CONNECT's: assigned by the broker, or taken from
 *     the client's certificate
 * @param clientReceiveMaximum outbound QoS 1 and 2 messages the client accepts unacknowledged
 * @param clientMaximumPacketSize the largest packet the client accepts
 * @param clientTopicAliasMaximum the highest topic alias the client accepts
 * @param problemInformation whether the client accepts reason strings and user properties on errors
 * @param responseInformationRequested whether the client asked for response information
 * @param authentication the acceptance of the Authenticator (or of an EnhancedAuthenticator), once there is one
 */
record ConnectAttempt(
        ConnectRequest request,
        boolean cleanStart,
        int keepAliveSeconds,
        @Nullable Will will,
        long sessionExpirySeconds,
        long requestedSessionExpirySeconds,
        boolean clientIdAssigned,
        int clientReceiveMaximum,
        long clientMaximumPacketSize,
        int clientTopicAliasMaximum,
        boolean problemInformation,
        boolean responseInformationRequested,
        @Nullable AuthenticationResult authentication) {

    /** A checked CONNECT, not yet authenticated. */
    ConnectAttempt(ConnectRequest request, boolean cleanStart, int keepAliveSeconds, @Nullable Will will,
            long sessionExpirySeconds, long requestedSessionExpirySeconds, boolean clientIdAssigned,
            int clientReceiveMaximum, long clientMaximumPacketSize, int clientTopicAliasMaximum,
            boolean problemInformation, boolean responseInformationRequested) {
        this(request, cleanStart, keepAliveSeconds, will, sessionExpirySeconds, requestedSessionExpirySeconds,
                clientIdAssigned, clientReceiveMaximum, clientMaximumPacketSize, clientTopicAliasMaximum,
                problemInformation, responseInformationRequested, null);
    }

    /** This attempt as the Authenticator accepted it: the identity, permissions and limits it gave apply. */
    ConnectAttempt authenticatedBy(AuthenticationResult accepted) {
        ClientLimits limits = accepted.limits();
        return new ConnectAttempt(request, cleanStart, keepAliveSeconds, will,
                limits.sessionExpirySeconds(sessionExpirySeconds), requestedSessionExpirySeconds, clientIdAssigned,
                limits.inflightMessages(clientReceiveMaximum), clientMaximumPacketSize, clientTopicAliasMaximum,
                problemInformation, responseInformationRequested, accepted);
    }

    ClientInfo client() {
        if (authentication == null) {
            return new ClientInfo(request.clientId(), request.username(), request.remoteAddress(),
                    request.protocolVersion(), request.listener());
        }
        String username = authentication.username() != null ? authentication.username() : request.username();
        return new ClientInfo(request.clientId(), username, request.remoteAddress(), request.protocolVersion(),
                request.listener(), authentication.roles(), authentication.permissions(), authentication.limits());
    }
}
