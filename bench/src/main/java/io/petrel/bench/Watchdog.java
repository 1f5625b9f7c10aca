package io.petrel.bench;

import java.time.Duration;

/**
 * Ends the process when a run overstays its time limit, whatever state it is in, so that no run can hang
 * or keep loading the machine.
 */
final class Watchdog {

    static final int EXIT_TIMED_OUT = 3;

    private Watchdog() {
    }

    static void start(Duration limit) {
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(limit.toMillis());
            } catch (InterruptedException e) {
                return;
            }
            System.err.println("petrel-bench: run exceeded --timeout=" + limit.toSeconds() + "s, exiting");
            Runtime.getRuntime().halt(EXIT_TIMED_OUT);
        }, "bench-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }
}
