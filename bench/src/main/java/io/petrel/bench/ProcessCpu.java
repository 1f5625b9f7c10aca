package io.petrel.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Reads the CPU time of one process and of each of its threads from {@code /proc/PID/stat} and
 * {@code /proc/PID/task/TID/stat}, and which CPUs it may run on from {@code /proc/PID/status}.
 */
final class ProcessCpu {

    /** Linux reports these times in USER_HZ, which is 100 on x86-64. */
    static final double TICKS_PER_SECOND = 100.0;

    // Field positions after the ")" that ends the command name: state is 0, utime 11, stime 12 (man 5 proc).
    private static final int UTIME = 11;
    private static final int STIME = 12;

    /** One thread's name and CPU ticks (user plus system). */
    record ThreadTicks(String name, long ticks) {
    }

    /** A process's CPU ticks, its threads' ticks by thread id, and how many CPUs it may use. */
    record Snapshot(long userTicks, long systemTicks, Map<String, ThreadTicks> threads, int allowedCpus) {
    }

    private ProcessCpu() {
    }

    /** {@code pid} is a number or {@code self}. */
    static Snapshot read(String pid) {
        Path proc = Path.of("/proc", pid);
        String[] fields = statFields(proc.resolve("stat"));
        Map<String, ThreadTicks> threads = new HashMap<>();
        try (Stream<Path> tasks = Files.list(proc.resolve("task"))) {
            tasks.forEach(task -> readThread(task, threads));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Snapshot(Long.parseLong(fields[UTIME]), Long.parseLong(fields[STIME]), threads,
                allowedCpus(proc.resolve("status")));
    }

    /**
     * Several processes read as one, for a broker that is a cluster: their ticks added up, their threads
     * side by side (named {@code PID/thread}, since the nodes' threads share names), and the most CPUs any of
     * them may use, which is the CPUs they share when they were all started with the same affinity, as
     * compare.sh starts them.
     */
    static Snapshot readCombined(List<String> pids) {
        if (pids.size() == 1) {
            return read(pids.get(0));
        }
        long userTicks = 0;
        long systemTicks = 0;
        Map<String, ThreadTicks> threads = new HashMap<>();
        int allowedCpus = 0;
        for (String pid : pids) {
            Snapshot process = read(pid);
            userTicks += process.userTicks();
            systemTicks += process.systemTicks();
            process.threads().forEach((tid, thread) ->
                    threads.put(pid + "/" + tid, new ThreadTicks(pid + "/" + thread.name(), thread.ticks())));
            allowedCpus = Math.max(allowedCpus, process.allowedCpus());
        }
        return new Snapshot(userTicks, systemTicks, threads, allowedCpus);
    }

    private static void readThread(Path task, Map<String, ThreadTicks> threads) {
        try {
            String stat = Files.readString(task.resolve("stat"));
            String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(fields[UTIME]) + Long.parseLong(fields[STIME]);
            threads.put(task.getFileName().toString(), new ThreadTicks(name, ticks));
        } catch (IOException e) {
            // The thread ended between listing and reading: it has no more CPU time to count.
        }
    }

    private static String[] statFields(Path stat) {
        try {
            String text = Files.readString(stat);
            // The command name may contain spaces and parentheses: split only after its last ')'.
            return text.substring(text.lastIndexOf(')') + 2).split(" ");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + stat + " (has the process exited?)", e);
        }
    }

    private static int allowedCpus(Path status) {
        try (Stream<String> lines = Files.lines(status)) {
            String list = lines.filter(line -> line.startsWith("Cpus_allowed_list:"))
                    .map(line -> line.substring(line.indexOf(':') + 1).trim())
                    .findFirst()
                    .orElse("0");
            int cpus = 0;
            for (String range : list.split(",")) {
                String[] bounds = range.split("-");
                cpus += bounds.length == 1 ? 1 : Integer.parseInt(bounds[1]) - Integer.parseInt(bounds[0]) + 1;
            }
            return cpus;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
