package io.petrel.bench;

import io.netty.channel.EventLoop;
import java.util.concurrent.TimeUnit;

/**
 * Sends on a schedule: message n is due at {@code start + n / rate}. Each message carries its scheduled
 * time, not the time it actually left, so a stalled broker or generator shows up as latency instead of
 * being hidden (coordinated omission); a publisher that fell behind catches up in bursts.
 */
final class FixedRatePacing implements Pacing {

    /** Shortest timer: below this the timer costs more than it saves. */
    private static final long MIN_TIMER_NANOS = 50_000;

    private final long startNanos;
    private final double nanosPerMessage;
    // Confined to the publisher's event loop: a timer is pending, so another one is not needed.
    private boolean timerArmed;

    FixedRatePacing(double messagesPerSecond, long startNanos) {
        this.startNanos = startNanos;
        this.nanosPerMessage = 1e9 / messagesPerSecond;
    }

    @Override
    public long allowance(long sent, long nowNanos) {
        long due = (long) Math.floor((nowNanos - startNanos) / nanosPerMessage) + 1;
        return Math.max(0, due - sent);
    }

    @Override
    public long stamp(long sequence, long nowNanos) {
        return startNanos + (long) (sequence * nanosPerMessage);
    }

    @Override
    public void awaitRoom(long sent, EventLoop loop, Runnable pump) {
        if (timerArmed) {
            return;
        }
        timerArmed = true;
        long delay = Math.max(MIN_TIMER_NANOS, stamp(sent, 0) - System.nanoTime());
        loop.schedule(() -> {
            timerArmed = false;
            pump.run();
        }, delay, TimeUnit.NANOSECONDS);
    }
}
