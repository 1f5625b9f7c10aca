package io.petrel.bench;

import java.util.List;

/**
 * Samples the generator's, the broker's and the machine's CPU counters at one moment; two samples make a
 * {@link CpuReport}. Without a broker PID only the generator and the machine are measured. Several PIDs
 * (comma-separated: a cluster's nodes and its Redis) are measured as one broker.
 */
final class CpuMeter {

    /** The counters at one moment; {@code broker} is null when no broker PID was given. */
    record Sample(long nanos, ProcessCpu.Snapshot generator, ProcessCpu.Snapshot broker, MachineCpu machine) {
    }

    /** Empty when no broker PID was given. */
    private final List<String> brokerPids;

    /** {@code brokerPids}: one PID, several separated by commas, or null. */
    CpuMeter(String brokerPids) {
        this.brokerPids = brokerPids == null ? List.of() : List.of(brokerPids.split(","));
    }

    Sample sample() {
        return new Sample(System.nanoTime(), ProcessCpu.read("self"),
                brokerPids.isEmpty() ? null : ProcessCpu.readCombined(brokerPids), MachineCpu.read());
    }

    CpuReport between(Sample before, Sample after) {
        double seconds = (after.nanos() - before.nanos()) / 1e9;
        CpuUsage broker = before.broker() == null ? null : CpuUsage.between(before.broker(), after.broker(), seconds);
        return new CpuReport(CpuUsage.between(before.generator(), after.generator(), seconds), broker,
                after.machine().busySince(before.machine()));
    }
}
