package io.petrel.session;

import io.petrel.routing.Delivery;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Records what sessions report as dropped (called on the sessions' loops). */
final class RecordingListener implements SessionListener {

    /** A reported drop, by payload. */
    record Drop(String payload, DropReason reason) {}

    private final List<Drop> drops = new ArrayList<>();

    @Override
    public synchronized void onDropped(Session session, Delivery delivery, DropReason reason) {
        drops.add(new Drop(new String(delivery.message().payload(), StandardCharsets.UTF_8), reason));
    }

    synchronized List<Drop> drops() {
        return new ArrayList<>(drops);
    }
}
