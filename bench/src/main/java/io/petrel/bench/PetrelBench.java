package io.petrel.bench;

import java.time.Duration;
import java.util.UUID;

/**
 * Runs one benchmark scenario against one MQTT broker on this machine and prints its result: one JSON line
 * (for scripts such as compare.sh) and one line starting with {@code #} (for people).
 *
 * <p>Example: {@code java -jar petrel-bench.jar --scenario=fanin --port=1883 --qos=1 --broker-pid=1234}.
 * See bench/README.md for every option.
 */
public final class PetrelBench {

    private PetrelBench() {
    }

    public static void main(String[] args) throws Exception {
        BenchOptions options = new BenchOptions(args);
        String scenarioName = options.string("scenario", "");
        Duration timeout = options.duration("timeout", Duration.ofMinutes(5));
        String runId = UUID.randomUUID().toString().substring(0, 8);
        String brokerPid = options.string("broker-pid", null);
        String label = options.string("label", scenarioName);
        String brokerName = options.string("broker-name", "broker");
        ProtocolVersion protocol = ProtocolVersion.of(options.string("protocol", "3.1.1"));
        Duration warmup = options.duration("warmup", Duration.ofSeconds(2));
        Duration duration = options.duration("duration", Duration.ofSeconds(10));
        String host = options.string("host", "127.0.0.1");
        int port = options.integer("port", 1883);
        // Subscribers on another node than the publishers: a two-node cluster run. Default: the same broker.
        Brokers brokers = Brokers.of(host, port, options.string("sub-host", host), options.integer("sub-port", port));
        int threads = options.integer("threads", Runtime.getRuntime().availableProcessors());
        SourceAddresses sources = new SourceAddresses(options.integer("sources", 1));
        Scenario scenario = Scenarios.create(scenarioName, options, timeout, "bench/" + runId + "/" + scenarioName);
        options.rejectUnknown();

        Watchdog.start(timeout);
        try (ClientFactory clients = new ClientFactory(threads, sources, protocol)) {
            BenchContext context = new BenchContext(clients, brokers, new CpuMeter(brokerPid), runId, label, brokerName,
                    protocol, warmup, duration);
            Result result = scenario.run(context);
            System.out.println(result.json());
            System.out.println("# " + result.summary());
        }
    }
}
