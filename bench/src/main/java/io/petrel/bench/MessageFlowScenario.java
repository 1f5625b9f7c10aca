package io.petrel.bench;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * fanin, fanout and p2p, at maximum throughput (closed loop, see {@link FlowWindow}) or at a fixed offered
 * rate: connect and subscribe, publish through a warm-up, measure for the set duration, stop, wait for the
 * last messages, and report delivered messages per second, loss, latency and CPU. Subscribers and publishers
 * connect to their own {@link Brokers} address: one broker, or two nodes of a cluster.
 */
final class MessageFlowScenario implements Scenario {

    private static final Duration SETUP_DEADLINE = Duration.ofSeconds(60);
    private static final int SETUP_CONCURRENCY = 100;
    /** After the publishers stop, waiting ends when nothing has arrived for this long. */
    private static final long DRAIN_QUIET_NANOS = TimeUnit.SECONDS.toNanos(2);
    private static final long DRAIN_LIMIT_NANOS = TimeUnit.SECONDS.toNanos(10);

    /** What was counted over the measured interval. */
    private record Measurement(double seconds, long sent, long delivered, Histogram latencyMicros, CpuReport cpu) {
    }

    private final Topology topology;
    private final int qos;
    private final double offeredRate;
    private final int window;
    private final int maxInflight;

    /**
     * {@code offeredRate} in messages per second over all publishers, 0 for maximum throughput;
     * {@code window}: deliveries in flight end to end over all streams, shared out evenly;
     * {@code maxInflight}: uncompleted QoS 1/2 publishes per publisher.
     */
    MessageFlowScenario(Topology topology, int qos, double offeredRate, int window, int maxInflight) {
        this.topology = topology;
        this.qos = qos;
        this.offeredRate = offeredRate;
        this.window = window;
        this.maxInflight = maxInflight;
    }

    @Override
    public Result run(BenchContext context) throws Exception {
        FlowStats stats = new FlowStats();
        FlowWindow[] windows = windows();
        ConnectionRamp.Outcome subscribers = connect(context, context.brokers().subscribers(), "s", topology.subscribers());
        ConnectionRamp.Outcome publisherClients = null;
        try {
            List<Subscriber> receivers = subscribe(subscribers.open(), windows, stats);
            if (context.brokers().twoNodes()) {
                SubscriptionProbe.await(context, topology, receivers);
            }
            publisherClients = connect(context, context.brokers().publishers(), "p", topology.publishers());
            List<Publisher> publishers = publishers(publisherClients.open(), windows, stats);
            publishers.forEach(Publisher::start);
            Thread.sleep(context.warmup().toMillis());
            Measurement measurement = measure(context, stats);
            long sent = 0;
            for (Publisher publisher : publishers) {
                sent += publisher.stop().get(5, TimeUnit.SECONDS);
            }
            long expected = sent * topology.receiversPerStream();
            long delivered = drain(stats, expected);
            return report(context, measurement, expected, delivered);
        } finally {
            subscribers.disconnectAll();
            if (publisherClients != null) {
                publisherClients.disconnectAll();
            }
        }
    }

    private FlowWindow[] windows() {
        FlowWindow[] windows = new FlowWindow[topology.publishers()];
        long perPublisher = Math.max(1, window / ((long) topology.publishers() * topology.receiversPerStream()));
        for (int i = 0; i < windows.length; i++) {
            windows[i] = offeredRate > 0 ? FlowWindow.unbounded(topology.receiversPerStream())
                    : new FlowWindow(perPublisher, topology.receiversPerStream());
        }
        return windows;
    }

    private static ConnectionRamp.Outcome connect(BenchContext context, InetSocketAddress broker, String role, int count)
            throws InterruptedException {
        ConnectionRamp.Outcome outcome = new ConnectionRamp(context, broker, role, count, SETUP_CONCURRENCY)
                .run(SETUP_DEADLINE);
        if (outcome.failed() > 0) {
            outcome.disconnectAll();
            throw new IllegalStateException(outcome.failed() + " of " + count + " connections failed during setup");
        }
        return outcome;
    }

    private List<Subscriber> subscribe(List<MqttClient> clients, FlowWindow[] windows, FlowStats stats)
            throws Exception {
        List<Subscriber> receivers = new ArrayList<>(clients.size());
        for (int i = 0; i < clients.size(); i++) {
            MqttClient client = clients.get(i);
            Subscriber receiver = new Subscriber(windows, topology.receiverSlot(i), stats);
            receivers.add(receiver);
            client.listen(receiver);
            int granted = client.subscribe(topology.subscriberFilter(i), qos).get(10, TimeUnit.SECONDS).get(0);
            if (granted != qos) {
                throw new IllegalStateException("SUBSCRIBE at QoS " + qos + " was granted " + granted);
            }
        }
        return receivers;
    }

    private List<Publisher> publishers(List<MqttClient> clients, FlowWindow[] windows, FlowStats stats) {
        List<Publisher> publishers = new ArrayList<>(clients.size());
        // Fixed-rate publishers start a fraction of an interval apart, so their messages interleave evenly.
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(10);
        for (int i = 0; i < clients.size(); i++) {
            Pacing pacing = offeredRate > 0
                    ? new FixedRatePacing(offeredRate / clients.size(), start + (long) (i * 1e9 / offeredRate))
                    : new ClosedLoopPacing(windows[i]);
            PublishEncoder encoder = new PublishEncoder(topology.publisherTopic(i), qos, false);
            publishers.add(new Publisher(clients.get(i), encoder, pacing, stats, i, qos, maxInflight));
        }
        return publishers;
    }

    private static Measurement measure(BenchContext context, FlowStats stats) throws InterruptedException {
        CpuMeter.Sample cpuBefore = context.cpu().sample();
        long sentBefore = stats.sent.sum();
        long deliveredBefore = stats.delivered.sum();
        stats.latencyMicros.getIntervalHistogram(); // discards the warm-up
        Thread.sleep(context.duration().toMillis());
        CpuMeter.Sample cpuAfter = context.cpu().sample();
        long sent = stats.sent.sum() - sentBefore;
        long delivered = stats.delivered.sum() - deliveredBefore;
        Histogram latency = stats.latencyMicros.getIntervalHistogram();
        return new Measurement((cpuAfter.nanos() - cpuBefore.nanos()) / 1e9, sent, delivered, latency,
                context.cpu().between(cpuBefore, cpuAfter));
    }

    /** Waits for messages still on their way; returns how many were delivered in the whole run. */
    private static long drain(FlowStats stats, long expected) throws InterruptedException {
        long deadline = System.nanoTime() + DRAIN_LIMIT_NANOS;
        long delivered = stats.delivered.sum();
        long lastProgress = System.nanoTime();
        while (delivered < expected && System.nanoTime() < deadline
                && System.nanoTime() - lastProgress < DRAIN_QUIET_NANOS) {
            Thread.sleep(20);
            long now = stats.delivered.sum();
            if (now > delivered) {
                delivered = now;
                lastProgress = System.nanoTime();
            }
        }
        return delivered;
    }

    private Result report(BenchContext context, Measurement measurement, long expected, long delivered) {
        double deliveredPerSecond = measurement.delivered() / measurement.seconds();
        long lost = Math.max(0, expected - delivered);
        Result result = context.newResult(topology.shape().scenario())
                .put("qos", qos)
                .put("publishers", topology.publishers())
                .put("subscribers", topology.subscribers())
                .put("offeredRate", offeredRate)
                .put("window", offeredRate > 0 ? 0 : window)
                .put("inflight", qos > 0 ? maxInflight : 0)
                .put("payloadBytes", Payload.SIZE)
                .put("measuredSeconds", measurement.seconds())
                .put("sentPerSec", measurement.sent() / measurement.seconds())
                .put("deliveredPerSec", deliveredPerSecond)
                .put("expected", expected)
                .put("delivered", delivered)
                .put("lost", lost)
                .latency("latency", measurement.latencyMicros());
        CpuReport cpu = measurement.cpu();
        if (cpu.broker() != null) {
            result.put("brokerCpuSecondsPerMillion", cpu.broker().seconds() / measurement.delivered() * 1e6);
        }
        cpu.addTo(result);
        Histogram latency = measurement.latencyMicros();
        result.summary(String.format(Locale.ROOT,
                "%,.0f msg/s delivered (%,.0f/s sent), lost %,d of %,d; latency p50 %.2f / p99 %.2f / p99.9 %.2f ms",
                deliveredPerSecond, measurement.sent() / measurement.seconds(), lost, expected,
                latency.getValueAtPercentile(50) / 1e3, latency.getValueAtPercentile(99) / 1e3,
                latency.getValueAtPercentile(99.9) / 1e3));
        if (cpu.broker() != null) {
            result.summary(String.format(Locale.ROOT, "broker %.3f CPU s per million delivered",
                    cpu.broker().seconds() / measurement.delivered() * 1e6));
        }
        return result.summary(cpu.summary());
    }
}
