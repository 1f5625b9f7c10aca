package io.petrel.session;

import io.petrel.routing.Delivery;
import java.util.List;

/** Observes what happens to sessions; called on the session's owner thread, so it must not block. */
public interface SessionListener {

    SessionListener NONE = new SessionListener() {};

    /** Tells each of these listeners, in order (plain loops: this runs for every delivery). */
    static SessionListener all(List<SessionListener> listeners) {
        List<SessionListener> copy = List.copyOf(listeners);
        return copy.size() == 1 ? copy.get(0) : new SessionListener() {
            @Override
            public void onDropped(Session session, Delivery delivery, DropReason reason) {
                for (SessionListener listener : copy) {
                    listener.onDropped(session, delivery, reason);
                }
            }

            @Override
            public void onCreated(Session session) {
                for (SessionListener listener : copy) {
                    listener.onCreated(session);
                }
            }

            @Override
            public void onResumed(Session session) {
                for (SessionListener listener : copy) {
                    listener.onResumed(session);
                }
            }

            @Override
            public void onTakenOver(Session session) {
                for (SessionListener listener : copy) {
                    listener.onTakenOver(session);
                }
            }

            @Override
            public void onExpired(Session session) {
                for (SessionListener listener : copy) {
                    listener.onExpired(session);
                }
            }

            @Override
            public void onDelivered(Session session, Delivery delivery, int packetId, boolean duplicate) {
                for (SessionListener listener : copy) {
                    listener.onDelivered(session, delivery, packetId, duplicate);
                }
            }

            @Override
            public void onAcknowledged(Session session, Delivery delivery, int packetId) {
                for (SessionListener listener : copy) {
                    listener.onAcknowledged(session, delivery, packetId);
                }
            }
        };
    }

    default void onDropped(Session session, Delivery delivery, DropReason reason) {}

    /** A session was created for a connection (none existed, or a clean start replaced the old one). */
    default void onCreated(Session session) {}

    /** A connection resumed an existing session. */
    default void onResumed(Session session) {}

    /** A newer connection took the session; the connection that held it is being closed. */
    default void onTakenOver(Session session) {}

    /** The session expiry interval of a detached session passed and the session was removed. */
    default void onExpired(Session session) {}

    /** A PUBLISH was written to the session's connection. */
    default void onDelivered(Session session, Delivery delivery, int packetId, boolean duplicate) {}

    /** The client acknowledged a QoS 1 or 2 message (PUBACK, PUBCOMP). */
    default void onAcknowledged(Session session, Delivery delivery, int packetId) {}
}
