package io.petrel.transport;

/**
 * A limit of connections per second with bursts of up to one second's worth, as the generic cell rate
 * algorithm computes it: one timestamp, no timer. Confined to the acceptor thread.
 */
final class AcceptRate {

    private static final long SECOND = 1_000_000_000L;

    private final long intervalNanos;
    private final long burstToleranceNanos;
    private long theoreticalArrival = Long.MIN_VALUE;

    AcceptRate(int perSecond) {
        this.intervalNanos = SECOND / perSecond;
        this.burstToleranceNanos = SECOND - intervalNanos;
    }

    /** Whether a connection arriving at {@code nowNanos} ({@link System#nanoTime()}) is within the rate. */
    boolean tryAcquire(long nowNanos) {
        long arrival = theoreticalArrival == Long.MIN_VALUE ? nowNanos : Math.max(theoreticalArrival, nowNanos);
        if (arrival - nowNanos > burstToleranceNanos) {
            return false;
        }
        theoreticalArrival = arrival + intervalNanos;
        return true;
    }
}
