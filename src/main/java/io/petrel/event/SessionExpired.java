package io.petrel.event;

/** A session whose client stayed away longer than its session expiry interval was removed. */
public record SessionExpired(String clientId) implements BrokerEvent {}
