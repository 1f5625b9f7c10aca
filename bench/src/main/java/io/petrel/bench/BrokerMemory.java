package io.petrel.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** The broker's resident set size, VmRSS from {@code /proc/PID/status}. */
final class BrokerMemory {

    private final Path status;

    BrokerMemory(String pid) {
        this.status = Path.of("/proc", pid, "status");
    }

    long rssBytes() {
        try (Stream<String> lines = Files.lines(status)) {
            String kib = lines.filter(line -> line.startsWith("VmRSS:"))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("no VmRSS in " + status))
                    .replaceAll("[^0-9]", "");
            return Long.parseLong(kib) * 1024;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Samples until two readings a second apart differ by less than {@code tolerance} of the first, or the
     * attempts run out; returns the last reading. Gives a broker time to finish allocating.
     */
    long settledRssBytes(double tolerance, int attempts) throws InterruptedException {
        long previous = rssBytes();
        for (int i = 0; i < attempts; i++) {
            Thread.sleep(1_000);
            long current = rssBytes();
            if (Math.abs(current - previous) < previous * tolerance) {
                return current;
            }
            previous = current;
        }
        return previous;
    }
}
