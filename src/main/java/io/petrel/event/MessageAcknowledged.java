package io.petrel.event;

import io.petrel.message.Qos;

/** A subscriber acknowledged a QoS 1 (PUBACK) or QoS 2 (PUBCOMP) message; the broker forgets it. */
public record MessageAcknowledged(String clientId, String topic, Qos qos, int packetId) implements BrokerEvent {}
