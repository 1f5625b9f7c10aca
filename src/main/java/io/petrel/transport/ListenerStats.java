package io.petrel.transport;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/** Counts of one listener's connections, for health details and metrics. */
public final class ListenerStats {

    private final AtomicInteger open = new AtomicInteger();
    private final LongAdder accepted = new LongAdder();
    private final Map<ConnectionRefusal, LongAdder> refused = new EnumMap<>(ConnectionRefusal.class);

    ListenerStats() {
        for (ConnectionRefusal reason : ConnectionRefusal.values()) {
            refused.put(reason, new LongAdder());
        }
    }

    /** Connections open now. */
    public int openConnections() {
        return open.get();
    }

    /** Connections accepted since start. */
    public long acceptedConnections() {
        return accepted.sum();
    }

    /** Connections refused for this reason since start. */
    public long refusedConnections(ConnectionRefusal reason) {
        return refused.get(reason).sum();
    }

    int opening() {
        return open.incrementAndGet();
    }

    void accepted() {
        accepted.increment();
    }

    void closed() {
        open.decrementAndGet();
    }

    void refused(ConnectionRefusal reason) {
        refused.get(reason).increment();
    }
}
