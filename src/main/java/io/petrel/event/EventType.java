package io.petrel.event;

/** Each kind of {@link BrokerEvent}, so that the broker can tell cheaply whether anyone listens to it. */
public enum EventType {
    CLIENT_CONNECTED(ClientConnected.class),
    CONNECTION_REFUSED(ConnectionRefused.class),
    CLIENT_DISCONNECTED(ClientDisconnected.class),
    SESSION_CREATED(SessionCreated.class),
    SESSION_RESUMED(SessionResumed.class),
    SESSION_TAKEN_OVER(SessionTakenOver.class),
    SESSION_EXPIRED(SessionExpired.class),
    CLIENT_SUBSCRIBED(ClientSubscribed.class),
    CLIENT_UNSUBSCRIBED(ClientUnsubscribed.class),
    MESSAGE_DELIVERED(MessageDelivered.class),
    MESSAGE_ACKNOWLEDGED(MessageAcknowledged.class),
    MESSAGE_DROPPED(MessageDropped.class),
    PUBLISH_REFUSED(PublishRefused.class);

    private final Class<? extends BrokerEvent> eventClass;

    EventType(Class<? extends BrokerEvent> eventClass) {
        this.eventClass = eventClass;
    }

    public Class<? extends BrokerEvent> eventClass() {
        return eventClass;
    }
}
