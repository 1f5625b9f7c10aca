package io.petrel.session;

import io.petrel.message.Message;
import io.petrel.routing.Delivery;
import io.petrel.routing.Subscription;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * Where sessions live beyond this node. The in-memory broker keeps them only here ({@link #LOCAL}); cluster
 * mode claims a session in Redis before a connection opens it on this node, takes over what another node or
 * Redis held for it, and clears it there when it ends. Every method is called on the session's owner (or the
 * opening connection's event loop) and must not block.
 */
public interface SessionStore {

    /**
     * What a claim brings along from elsewhere: whether a session existed, its subscriptions, and the messages
     * held for it, oldest first, to send before anything newer.
     */
    record Claimed(boolean present, List<Subscription> subscriptions, List<Delivery> held) {

        public static final Claimed NONE = new Claimed(false, List.of(), List.of());
    }

    /** Sessions exist only on this node. */
    SessionStore LOCAL = new SessionStore() {};

    /**
     * A connection is about to open the client's session, and this node holds none: make it this node's,
     * and complete with what existed elsewhere (nothing when {@code cleanStart}). The default completes at once
     * with nothing.
     */
    default CompletionStage<Claimed> claim(String clientId, boolean cleanStart, long expiryIntervalSeconds) {
        return CompletableFuture.completedFuture(Claimed.NONE);
    }

    /** The client connected with a will, or without one (null): kept where another node can publish it. */
    default void willChanged(String clientId, @Nullable Message will, long delaySeconds) {}

    /** The session ended for good (expired, cleaned, not persistent): forget it everywhere. */
    default void ended(Session session) {}
}
