package io.petrel.event;

/** A newer connection with the same client id took the session over; the older connection is closed. */
public record SessionTakenOver(String clientId) implements BrokerEvent {}
