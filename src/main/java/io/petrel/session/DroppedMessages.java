package io.petrel.session;

import io.petrel.routing.Delivery;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** Counts deliveries given up by all sessions, by reason. Thread-safe; counting never contends. */
public final class DroppedMessages implements SessionListener {

    private final Map<DropReason, LongAdder> counts = new EnumMap<>(DropReason.class);

    public DroppedMessages() {
        for (DropReason reason : DropReason.values()) {
            counts.put(reason, new LongAdder());
        }
    }

    @Override
    public void onDropped(Session session, Delivery delivery, DropReason reason) {
        counts.get(reason).increment();
    }

    public long count(DropReason reason) {
        return counts.get(reason).sum();
    }
}
