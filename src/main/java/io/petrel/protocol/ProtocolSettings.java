package io.petrel.protocol;

import io.petrel.message.Qos;
import java.time.Duration;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Protocol limits and the server capabilities announced to MQTT 5 clients in CONNACK.
 *
 * @param protocolVersions accepted protocol levels: 3 (MQTT 3.1), 4 (3.1.1), 5 (5.0)
 * @param maximumQos the highest QoS granted to subscriptions and accepted on PUBLISH
 * @param maxClientIdLength the longest client identifier accepted, in characters
 * @param connectTimeout how long a new connection may take to complete CONNECT
 * @param maxSubscriptionsPerClient subscriptions one session may hold (0 = no limit)
 * @param maximumPacketSize the largest packet the broker accepts, in bytes
 * @param retainAvailable whether retained messages are supported
 * @param wildcardSubscriptionAvailable whether filters may contain wildcards
 * @param subscriptionIdentifierAvailable whether subscription identifiers are supported
 * @param sharedSubscriptionAvailable whether shared subscriptions are supported
 * @param topicAliasMaximum the highest topic alias a client may use towards the broker (0 = none)
 * @param receiveMaximum inbound QoS 1 and 2 messages a client may have unacknowledged
 * @param maximumSessionExpirySeconds the longest session expiry interval granted
 * @param serverKeepAliveSeconds the keep-alive imposed on MQTT 5 clients, or null to accept theirs
 * @param sendReasonMessages send reason strings to clients that accept problem information
 * @param autoAssignClientId give clients that send an empty client id one of the broker's
 * @param responseInformation the response information for clients that ask for it ({@code %c} = client id),
 *     or null for none
 * @param maxInflightMessages outbound QoS 1 and 2 messages in flight per session, at most
 * @param hookTimeout how long a user hook may take before it counts as a denial
 */
public record ProtocolSettings(
        Set<Integer> protocolVersions,
        Qos maximumQos,
        int maxClientIdLength,
        Duration connectTimeout,
        int maxSubscriptionsPerClient,
        int maximumPacketSize,
        boolean retainAvailable,
        boolean wildcardSubscriptionAvailable,
        boolean subscriptionIdentifierAvailable,
        boolean sharedSubscriptionAvailable,
        int topicAliasMaximum,
        int receiveMaximum,
        long maximumSessionExpirySeconds,
        @Nullable Integer serverKeepAliveSeconds,
        boolean sendReasonMessages,
        boolean autoAssignClientId,
        @Nullable String responseInformation,
        int maxInflightMessages,
        Duration hookTimeout) {

    public ProtocolSettings {
        protocolVersions = Set.copyOf(protocolVersions);
    }
}
