package io.petrel.bench;

import java.time.Duration;

/**
 * What every scenario needs: the client factory and the brokers it connects to, the CPU meter, how long to
 * warm up and measure, and the names that label its result. {@code runId} makes client ids and topics unique per run, so runs against
 * a long-lived broker do not see each other's sessions or retained messages.
 */
record BenchContext(ClientFactory clients, Brokers brokers, CpuMeter cpu, String runId, String label, String brokerName,
        ProtocolVersion protocol, Duration warmup, Duration duration) {

    /** A result with the fields every scenario reports first. */
    Result newResult(String scenario) {
        return new Result()
                .put("scenario", scenario)
                .put("label", label)
                .put("broker", brokerName)
                .put("protocol", protocol.name())
                .put("brokers", brokers.describe())
                .put("runId", runId);
    }

    String clientId(String role, int index) {
        return "b" + runId + role + index;
    }
}
