package io.petrel.event;

/** A new session was created for a client id (none existed, or a clean start replaced it). */
public record SessionCreated(String clientId) implements BrokerEvent {}
