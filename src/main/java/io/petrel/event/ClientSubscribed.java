package io.petrel.event;

import io.petrel.auth.ClientInfo;
import io.petrel.message.Qos;
import java.time.Instant;

/**
 * A subscription was granted (one event per topic filter of a SUBSCRIBE).
 *
 * @param client the subscriber
 * @param topicFilter the filter as the client sent it (with {@code $share/group/} for shared subscriptions)
 * @param qos the QoS granted
 * @param time when it was granted
 */
public record ClientSubscribed(ClientInfo client, String topicFilter, Qos qos, Instant time) implements BrokerEvent {}
