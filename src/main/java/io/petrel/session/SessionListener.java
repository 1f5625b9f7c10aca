package io.petrel.session;

import io.petrel.routing.Delivery;

/** Observes what happens to sessions; called on the session's owner thread, so it must not block. */
public interface SessionListener {

    SessionListener NONE = new SessionListener() {};

    default void onDropped(Session session, Delivery delivery, DropReason reason) {}
}
