package io.petrel.event;

import io.petrel.routing.Delivery;
import io.petrel.session.DropReason;
import io.petrel.session.Session;
import io.petrel.session.SessionListener;

/** Turns what happens to sessions into lifecycle events, for the types someone listens to. */
public final class SessionEvents implements SessionListener {

    private final EventSink sink;

    public SessionEvents(EventSink sink) {
        this.sink = sink;
    }

    @Override
    public void onCreated(Session session) {
        if (sink.wants(EventType.SESSION_CREATED)) {
            sink.publish(new SessionCreated(session.clientId()));
        }
    }

    @Override
    public void onResumed(Session session) {
        if (sink.wants(EventType.SESSION_RESUMED)) {
            sink.publish(new SessionResumed(session.clientId()));
        }
    }

    @Override
    public void onTakenOver(Session session) {
        if (sink.wants(EventType.SESSION_TAKEN_OVER)) {
            sink.publish(new SessionTakenOver(session.clientId()));
        }
    }

    @Override
    public void onExpired(Session session) {
        if (sink.wants(EventType.SESSION_EXPIRED)) {
            sink.publish(new SessionExpired(session.clientId()));
        }
    }

    @Override
    public void onDelivered(Session session, Delivery delivery, int packetId, boolean duplicate) {
        if (sink.wants(EventType.MESSAGE_DELIVERED)) {
            sink.publish(new MessageDelivered(session.clientId(), delivery.message().topic(), delivery.qos(), packetId,
                    duplicate));
        }
    }

    @Override
    public void onAcknowledged(Session session, Delivery delivery, int packetId) {
        if (sink.wants(EventType.MESSAGE_ACKNOWLEDGED)) {
            sink.publish(new MessageAcknowledged(session.clientId(), delivery.message().topic(), delivery.qos(),
                    packetId));
        }
    }

    @Override
    public void onDropped(Session session, Delivery delivery, DropReason reason) {
        if (sink.wants(EventType.MESSAGE_DROPPED)) {
            sink.publish(new MessageDropped(session.clientId(), delivery.message().topic(), delivery.qos(), reason));
        }
    }
}
