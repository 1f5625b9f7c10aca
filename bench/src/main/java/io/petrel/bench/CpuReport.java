package io.petrel.bench;

import java.util.Locale;

/**
 * CPU use of the generator and the broker over one measured interval, and which of them limited the
 * result: the one whose {@link CpuUsage#saturation()} came closer to 1. Below {@value #SATURATED} neither
 * was CPU-bound; when the machine was busy all the same, other processes took the CPU.
 */
record CpuReport(CpuUsage generator, CpuUsage broker, double machineBusy) {

    static final double SATURATED = 0.85;

    /** {@code broker}, {@code generator}, {@code machine} (other load) or {@code none}. */
    String limit() {
        double brokerSaturation = broker == null ? 0 : broker.saturation();
        double generatorSaturation = generator.saturation();
        if (Math.max(brokerSaturation, generatorSaturation) >= SATURATED) {
            return brokerSaturation >= generatorSaturation ? "broker" : "generator";
        }
        return machineBusy >= SATURATED ? "machine" : "none";
    }

    void addTo(Result result) {
        if (broker != null) {
            add(result, "broker", broker);
        }
        add(result, "generator", generator);
        result.put("machineBusy", machineBusy);
        result.put("limit", limit());
    }

    String summary() {
        String brokerPart = broker == null ? "broker not measured" : describe("broker", broker);
        return brokerPart + "; " + describe("generator", generator) + "; machine "
                + Math.round(machineBusy * 100) + "% busy; limit: " + limit();
    }

    private static void add(Result result, String side, CpuUsage usage) {
        result.put(side + "CpuSeconds", usage.seconds());
        result.put(side + "SystemCpuSeconds", usage.systemSeconds());
        result.put(side + "Cores", usage.cores());
        result.put(side + "AllowedCpus", usage.allowedCpus());
        result.put(side + "BusiestThread", usage.busiestThread());
        result.put(side + "BusiestThreadCores", usage.busiestThreadCores());
        result.put(side + "Saturation", usage.saturation());
    }

    private static String describe(String side, CpuUsage usage) {
        return String.format(Locale.ROOT, "%s %.2f cores of %d (kernel %.0f%%, busiest thread %s %.2f)",
                side, usage.cores(), usage.allowedCpus(),
                usage.seconds() == 0 ? 0 : 100 * usage.systemSeconds() / usage.seconds(),
                usage.busiestThread(), usage.busiestThreadCores());
    }
}
