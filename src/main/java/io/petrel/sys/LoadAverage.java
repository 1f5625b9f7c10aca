package io.petrel.sys;

import java.util.Locale;

/**
 * The rate of one counter per minute, as moving averages over 1, 5 and 15 minutes (exponentially
 * weighted, like mosquitto's {@code $SYS/broker/load/...} and a Unix load average). Sampled at a fixed
 * interval by one thread.
 */
final class LoadAverage {

    private static final double[] WINDOW_SECONDS = {60, 300, 900};
    static final String[] WINDOW_NAMES = {"1min", "5min", "15min"};

    private final double[] weights = new double[WINDOW_SECONDS.length];
    private final double[] averages = new double[WINDOW_SECONDS.length];
    private final double intervalSeconds;
    private long last;

    LoadAverage(double intervalSeconds, long initial) {
        this.intervalSeconds = intervalSeconds;
        this.last = initial;
        for (int i = 0; i < WINDOW_SECONDS.length; i++) {
            weights[i] = 1 - Math.exp(-intervalSeconds / WINDOW_SECONDS[i]);
        }
    }

    /** Takes the counter's current value, one interval after the previous sample. */
    void sample(long current) {
        double perMinute = (current - last) * 60.0 / intervalSeconds;
        last = current;
        for (int i = 0; i < averages.length; i++) {
            averages[i] += (perMinute - averages[i]) * weights[i];
        }
    }

    /** The average over window {@code i} of {@link #WINDOW_NAMES}, with two decimals as mosquitto writes it. */
    String formatted(int i) {
        return String.format(Locale.ROOT, "%.2f", averages[i]);
    }
}
