package io.petrel.event;

import io.petrel.auth.ClientInfo;
import io.petrel.message.Qos;
import io.petrel.message.ReasonCode;

/**
 * A client's PUBLISH was refused on the way in: by the {@code Authorizer} (0x87 not authorized), by a
 * {@code PublishInterceptor} (with its reason code), or because a hook failed.
 */
public record PublishRefused(ClientInfo publisher, String topic, Qos qos, ReasonCode reasonCode)
        implements BrokerEvent {}
