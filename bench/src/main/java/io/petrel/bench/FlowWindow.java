package io.petrel.bench;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The end-to-end window of one publisher: it may be at most {@code size} messages ahead of the slowest of
 * its receivers. This closed loop finds the highest rate the broker sustains without piling messages into
 * its per-session queues (which are bounded, so overload would turn into loss, not throughput).
 *
 * <p>Threading: {@link #room} and {@link #park} run on the publisher's event loop; {@link #delivered} runs
 * on the receivers' loops. Progress is written with volatile stores and the parked wake-up read after
 * them, and the publisher re-checks after parking, so no wake-up is lost.
 */
final class FlowWindow {

    private final long size;
    /** Per receiver: one past the highest sequence number it has received. */
    private final AtomicLongArray progress;
    private final AtomicReference<Runnable> parked = new AtomicReference<>();
    // Confined to the publisher's event loop: the slowest receiver's progress when last computed.
    private long floor;

    FlowWindow(long size, int receivers) {
        this.size = size;
        this.progress = new AtomicLongArray(receivers);
    }

    /** A window that never holds a publisher back, for fixed-rate runs that pace by the clock instead. */
    static FlowWindow unbounded(int receivers) {
        return new FlowWindow(Long.MAX_VALUE / 2, receivers);
    }

    /** How many more messages the publisher may send, having sent {@code sent}. */
    long room(long sent) {
        if (sent - floor >= size) {
            floor = slowestReceiver();
        }
        return Math.max(0, size - (sent - floor));
    }

    /** Runs {@code wakeUp} (once, on a receiver's thread or at once) when a receiver makes progress. */
    void park(long sent, Runnable wakeUp) {
        parked.set(wakeUp);
        floor = slowestReceiver();
        if (sent - floor < size) {
            wake();
        }
    }

    void delivered(int receiver, long sequence) {
        progress.set(receiver, sequence + 1);
        if (parked.get() != null) {
            wake();
        }
    }

    private void wake() {
        Runnable wakeUp = parked.getAndSet(null);
        if (wakeUp != null) {
            wakeUp.run();
        }
    }

    private long slowestReceiver() {
        long slowest = Long.MAX_VALUE;
        for (int i = 0; i < progress.length(); i++) {
            slowest = Math.min(slowest, progress.get(i));
        }
        return slowest;
    }
}
