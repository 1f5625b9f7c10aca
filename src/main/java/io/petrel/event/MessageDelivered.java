package io.petrel.event;

import io.petrel.message.Qos;

/**
 * A PUBLISH was written to a subscriber's connection.
 *
 * @param clientId the subscriber
 * @param topic the topic name of the message
 * @param qos the QoS it was sent with
 * @param packetId its packet identifier, 0 for QoS 0
 * @param duplicate whether it was a resend (DUP) after a reconnect
 */
public record MessageDelivered(String clientId, String topic, Qos qos, int packetId, boolean duplicate)
        implements BrokerEvent {}
