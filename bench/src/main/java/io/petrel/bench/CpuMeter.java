package io.petrel.bench;

/**
 * Samples the generator's, the broker's and the machine's CPU counters at one moment; two samples make a
 * {@link CpuReport}. Without a broker PID only the generator and the machine are measured.
 */
final class CpuMeter {

    /** The counters at one moment; {@code broker} is null when no broker PID was given. */
    record Sample(long nanos, ProcessCpu.Snapshot generator, ProcessCpu.Snapshot broker, MachineCpu machine) {
    }

    private final String brokerPid;

    /** {@code brokerPid} may be null. */
    CpuMeter(String brokerPid) {
        this.brokerPid = brokerPid;
    }

    Sample sample() {
        return new Sample(System.nanoTime(), ProcessCpu.read("self"),
                brokerPid == null ? null : ProcessCpu.read(brokerPid), MachineCpu.read());
    }

    CpuReport between(Sample before, Sample after) {
        double seconds = (after.nanos() - before.nanos()) / 1e9;
        CpuUsage broker = before.broker() == null ? null : CpuUsage.between(before.broker(), after.broker(), seconds);
        return new CpuReport(CpuUsage.between(before.generator(), after.generator(), seconds), broker,
                after.machine().busySince(before.machine()));
    }
}
