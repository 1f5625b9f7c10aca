package io.petrel.bench;

import java.time.Duration;
import java.util.Locale;

/**
 * conn: opens N connections, C at a time, each TCP connect plus CONNECT/CONNACK, and keeps them open until
 * all are done; reports connections per second and CONNACK latency. They are then closed.
 *
 * <p>Before that, rounds of a tenth as many connections open and close for the warm-up time, as the other
 * scenarios warm up. Both the broker and this generator may be JVMs: a few thousand connections leave their
 * JIT compilers busy for seconds, and the figure would then measure compilation instead of connection set-up.
 */
final class ConnScenario implements Scenario {

    private static final int WARM_UP_SHARE = 10;

    private final int connections;
    private final int concurrency;
    private final Duration deadline;

    ConnScenario(int connections, int concurrency, Duration deadline) {
        this.connections = connections;
        this.concurrency = concurrency;
        this.deadline = deadline;
    }

    private void warmUp(BenchContext context) throws InterruptedException {
        long end = System.nanoTime() + context.warmup().toNanos();
        int round = 0;
        do {
            new ConnectionRamp(context, context.brokers().publishers(), "w" + round++, connections / WARM_UP_SHARE,
                    concurrency).run(deadline).disconnectAll();
        } while (System.nanoTime() < end);
    }

    @Override
    public Result run(BenchContext context) throws Exception {
        warmUp(context);
        CpuMeter.Sample before = context.cpu().sample();
        ConnectionRamp.Outcome outcome = new ConnectionRamp(context, context.brokers().publishers(), "c", connections, concurrency).run(deadline);
        CpuMeter.Sample after = context.cpu().sample();
        try {
            CpuReport cpu = context.cpu().between(before, after);
            Result result = context.newResult("conn")
                    .put("connections", connections)
                    .put("concurrency", concurrency)
                    .put("opened", outcome.open().size())
                    .put("failed", outcome.failed())
                    .put("seconds", outcome.elapsedNanos() / 1e9)
                    .put("connectionsPerSec", outcome.connectionsPerSecond())
                    .latency("connAck", outcome.connAckMicros());
            cpu.addTo(result);
            return result
                    .summary(String.format(Locale.ROOT, "%,.0f connections/s (%,d opened, %d failed); CONNACK p50 %.2f / p99 %.2f ms",
                            outcome.connectionsPerSecond(), outcome.open().size(), outcome.failed(),
                            outcome.connAckMicros().getValueAtPercentile(50) / 1e3,
                            outcome.connAckMicros().getValueAtPercentile(99) / 1e3))
                    .summary(cpu.summary());
        } finally {
            outcome.disconnectAll();
        }
    }
}
