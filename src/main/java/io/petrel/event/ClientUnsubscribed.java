package io.petrel.event;

import io.petrel.auth.ClientInfo;
import java.time.Instant;

/** A subscription was removed by UNSUBSCRIBE (filters the client did not hold give no event). */
public record ClientUnsubscribed(ClientInfo client, String topicFilter, Instant time) implements BrokerEvent {}
