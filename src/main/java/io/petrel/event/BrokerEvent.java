package io.petrel.event;

/**
 * A lifecycle event of the broker. Listen to one type with {@code @EventListener void on(ClientConnected event)},
 * or to all of them with a {@code BrokerEvent} parameter.
 */
public sealed interface BrokerEvent permits ClientConnected, ConnectionRefused, ClientDisconnected, SessionCreated,
        SessionResumed, SessionTakenOver, SessionExpired, ClientSubscribed, ClientUnsubscribed, MessageDelivered,
        MessageAcknowledged, MessageDropped, PublishRefused {}
