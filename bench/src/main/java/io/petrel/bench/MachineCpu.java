package io.petrel.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The whole machine's busy and total CPU ticks from {@code /proc/stat}, to tell when processes other than
 * the broker and the generator (such as a build) were taking CPU during a run.
 */
record MachineCpu(long busyTicks, long totalTicks) {

    static MachineCpu read() {
        try {
            String first = Files.readAllLines(Path.of("/proc/stat")).get(0);
            String[] fields = first.trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < fields.length; i++) {
                total += Long.parseLong(fields[i]);
            }
            long idle = Long.parseLong(fields[4]) + Long.parseLong(fields[5]); // idle + iowait
            return new MachineCpu(total - idle, total);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The busy share of all CPUs between {@code earlier} and this reading, 0 to 1. */
    double busySince(MachineCpu earlier) {
        long total = totalTicks - earlier.totalTicks;
        return total == 0 ? 0 : (double) (busyTicks - earlier.busyTicks) / total;
    }
}
