package io.petrel.event;

/** A connection resumed an existing persistent session (CONNACK session present). */
public record SessionResumed(String clientId) implements BrokerEvent {}
