package io.petrel.config;

import io.micrometer.core.instrument.Measurement;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Statistic;
import io.petrel.sys.BrokerTraffic;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The broker's traffic as its Micrometer meters count it ({@code petrel.messages.*}, {@code petrel.payload.*},
 * {@code petrel.connections.accepted}), summed over listeners and QoS: nothing is counted twice.
 */
final class MicrometerBrokerTraffic implements BrokerTraffic {

    private final Supplier<@Nullable MeterRegistry> registry;

    MicrometerBrokerTraffic(Supplier<@Nullable MeterRegistry> registry) {
        this.registry = registry;
    }

    @Override
    public long messagesReceived() {
        return sum("petrel.messages.received");
    }

    @Override
    public long messagesSent() {
        return sum("petrel.messages.sent");
    }

    @Override
    public long bytesReceived() {
        return sum("petrel.payload.received");
    }

    @Override
    public long bytesSent() {
        return sum("petrel.payload.sent");
    }

    @Override
    public long connectionsAccepted() {
        return sum("petrel.connections.accepted");
    }

    private long sum(String name) {
        MeterRegistry current = registry.get();
        if (current == null) {
            return 0;
        }
        double total = 0;
        for (Meter meter : current.find(name).meters()) {
            for (Measurement measurement : meter.measure()) {
                if (measurement.getStatistic() == Statistic.COUNT) {
                    total += measurement.getValue();
                }
            }
        }
        return (long) total;
    }
}
