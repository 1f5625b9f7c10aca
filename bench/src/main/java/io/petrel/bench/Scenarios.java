package io.petrel.bench;

import java.time.Duration;

/** Builds the scenario named by {@code --scenario} from its options (defaults are the full-size runs). */
final class Scenarios {

    /** Deliveries in flight: well below the 1,000 messages both brokers queue per session by default. */
    private static final int DEFAULT_WINDOW = 1_000;
    /** Below Mosquitto's default max_inflight_messages (20), which it enforces on inbound QoS 2 too. */
    private static final int DEFAULT_INFLIGHT = 16;

    private Scenarios() {
    }

    static Scenario create(String name, BenchOptions options, Duration timeout, String topicPrefix) {
        return switch (name) {
            case "conn" -> new ConnScenario(options.integer("connections", 10_000), options.integer("concurrency", 100),
                    timeout);
            case "fanin" -> flow(Topology.fanIn(topicPrefix, options.integer("publishers", 8)), options);
            case "fanout" -> flow(Topology.fanOut(topicPrefix, options.integer("subscribers", 100)), options);
            case "p2p" -> flow(Topology.pairs(topicPrefix, options.integer("pairs", 50)), options);
            case "idle" -> new IdleScenario(options.integer("connections", 19_000), options.integer("concurrency", 200),
                    timeout, new BrokerMemory(required(options, "broker-pid")));
            case "retained" -> new RetainedScenario(topicPrefix, options.integer("topics", 100_000), options.integer("qos", 0),
                    timeout);
            default -> throw new IllegalArgumentException(
                    "unknown --scenario=" + name + " (conn, fanin, fanout, p2p, idle, retained)");
        };
    }

    /**
     * A message-flow scenario. {@code --rate} (messages per second over all publishers) makes it a fixed-rate
     * run; {@code --window} bounds the deliveries in flight of a maximum-throughput run, over all streams;
     * {@code --inflight} bounds each publisher's uncompleted QoS 1/2 publishes.
     */
    private static Scenario flow(Topology topology, BenchOptions options) {
        int qos = options.integer("qos", 0);
        if (qos < 0 || qos > 2) {
            throw new IllegalArgumentException("--qos must be 0, 1 or 2");
        }
        return new MessageFlowScenario(topology, qos, options.longValue("rate", 0),
                options.integer("window", DEFAULT_WINDOW), options.integer("inflight", DEFAULT_INFLIGHT));
    }

    private static String required(BenchOptions options, String name) {
        String value = options.string(name, null);
        if (value == null) {
            throw new IllegalArgumentException("this scenario needs --" + name);
        }
        return value;
    }
}
