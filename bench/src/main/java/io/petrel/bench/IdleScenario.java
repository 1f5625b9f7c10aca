package io.petrel.bench;

import java.time.Duration;
import java.util.Locale;

/**
 * idle: opens N connections that then send nothing, from several 127.0.0.x source addresses, and reports
 * how much the broker's resident memory grew per connection ((RSS after − RSS before) / N).
 */
final class IdleScenario implements Scenario {

    private static final double SETTLED = 0.005;
    private static final int SETTLE_ATTEMPTS = 10;

    private final int connections;
    private final int concurrency;
    private final Duration deadline;
    private final BrokerMemory brokerMemory;

    IdleScenario(int connections, int concurrency, Duration deadline, BrokerMemory brokerMemory) {
        this.connections = connections;
        this.concurrency = concurrency;
        this.deadline = deadline;
        this.brokerMemory = brokerMemory;
    }

    @Override
    public Result run(BenchContext context) throws Exception {
        long before = brokerMemory.settledRssBytes(SETTLED, SETTLE_ATTEMPTS);
        CpuMeter.Sample cpuBefore = context.cpu().sample();
        ConnectionRamp.Outcome outcome = new ConnectionRamp(context, context.brokers().publishers(), "i", connections, concurrency).run(deadline);
        CpuMeter.Sample cpuAfter = context.cpu().sample();
        try {
            long after = brokerMemory.settledRssBytes(SETTLED, SETTLE_ATTEMPTS);
            int open = outcome.open().size();
            double perConnection = open == 0 ? 0 : (double) (after - before) / open;
            CpuReport cpu = context.cpu().between(cpuBefore, cpuAfter);
            Result result = context.newResult("idle")
                    .put("connections", connections)
                    .put("opened", open)
                    .put("failed", outcome.failed())
                    .put("brokerRssBeforeKiB", before / 1024)
                    .put("brokerRssAfterKiB", after / 1024)
                    .put("rssPerConnectionKiB", perConnection / 1024)
                    .put("connectionsPerSec", outcome.connectionsPerSecond());
            cpu.addTo(result);
            return result
                    .summary(String.format(Locale.ROOT, "%,d idle connections (%d failed): broker RSS %,d -> %,d KiB, %.2f KiB per connection",
                            open, outcome.failed(), before / 1024, after / 1024, perConnection / 1024))
                    .summary(cpu.summary());
        } finally {
            outcome.disconnectAll();
        }
    }
}
