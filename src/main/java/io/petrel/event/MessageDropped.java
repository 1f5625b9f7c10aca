package io.petrel.event;

import io.petrel.message.Qos;
import io.petrel.session.DropReason;

/**
 * A session gave up a message meant for its client: the queue was full, the message expired or was too
 * large for the client, it was QoS 0 while the client was offline, or a {@code PublishInterceptor} dropped
 * it for this subscriber.
 */
public record MessageDropped(String clientId, String topic, Qos qos, DropReason reason) implements BrokerEvent {}
