package io.petrel.protocol;

import io.petrel.message.Qos;
import java.time.Duration;
import java.util.Set;

/**
 * Protocol limits every connection applies.
 *
 * @param protocolVersions accepted protocol levels: 3 (MQTT 3.1), 4 (3.1.1)
 * @param maximumQos the highest QoS granted to subscriptions and accepted on PUBLISH
 * @param maxClientIdLength the longest client identifier accepted, in characters
 * @param connectTimeout how long a new connection may take to complete CONNECT
 * @param maxSubscriptionsPerClient subscriptions one session may hold (0 = no limit)
 */
public record ProtocolSettings(
        Set<Integer> protocolVersions,
        Qos maximumQos,
        int maxClientIdLength,
        Duration connectTimeout,
        int maxSubscriptionsPerClient) {

    public ProtocolSettings {
        protocolVersions = Set.copyOf(protocolVersions);
    }
}
