package io.petrel.bench;

import java.util.Map;

/**
 * One process's CPU use between two snapshots: seconds of CPU (and the kernel's part), the average number
 * of cores busy, and its busiest thread. {@link #saturation()} says how close it came to its limit.
 */
record CpuUsage(double seconds, double systemSeconds, double cores, String busiestThread, double busiestThreadCores,
        int allowedCpus) {

    static CpuUsage between(ProcessCpu.Snapshot before, ProcessCpu.Snapshot after, double elapsedSeconds) {
        double seconds = ticksToSeconds(after.userTicks() + after.systemTicks() - before.userTicks() - before.systemTicks());
        double systemSeconds = ticksToSeconds(after.systemTicks() - before.systemTicks());
        String busiest = "-";
        long busiestTicks = 0;
        for (Map.Entry<String, ProcessCpu.ThreadTicks> thread : after.threads().entrySet()) {
            ProcessCpu.ThreadTicks earlier = before.threads().get(thread.getKey());
            long ticks = thread.getValue().ticks() - (earlier == null ? 0 : earlier.ticks());
            if (ticks > busiestTicks) {
                busiestTicks = ticks;
                busiest = thread.getValue().name();
            }
        }
        return new CpuUsage(seconds, systemSeconds, seconds / elapsedSeconds, busiest,
                ticksToSeconds(busiestTicks) / elapsedSeconds, after.allowedCpus());
    }

    /**
     * 1.0 means the process used all the CPUs it may run on, or its busiest thread a whole core: either way
     * it could not go faster on this machine.
     */
    double saturation() {
        return Math.max(cores / allowedCpus, busiestThreadCores);
    }

    private static double ticksToSeconds(long ticks) {
        return ticks / ProcessCpu.TICKS_PER_SECOND;
    }
}
