package io.petrel.actuator;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.petrel.message.Qos;
import io.petrel.protocol.ProtocolMetrics;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Message, byte and latency meters of one listener. Every meter is looked up once, when the listener
 * starts, so counting a message is an array index and an adder increment.
 */
public final class MicrometerProtocolMetrics implements ProtocolMetrics {

    private final Counter[] messagesReceived;
    private final Counter[] messagesSent;
    private final Counter[] payloadReceived;
    private final Counter[] payloadSent;
    private final Timer deliveryLatency;
    private final Timer authentication;

    MicrometerProtocolMetrics(MeterRegistry registry, String listener) {
        messagesReceived = perQos(qos -> Counter.builder("petrel.messages.received")
                .description("PUBLISH packets received from clients").tags("listener", listener, "qos", qos)
                .register(registry));
        messagesSent = perQos(qos -> Counter.builder("petrel.messages.sent")
                .description("PUBLISH packets sent to clients").tags("listener", listener, "qos", qos)
                .register(registry));
        payloadReceived = perQos(qos -> Counter.builder("petrel.payload.received").baseUnit("bytes")
                .description("Payload bytes of PUBLISH packets received").tags("listener", listener, "qos", qos)
                .register(registry));
        payloadSent = perQos(qos -> Counter.builder("petrel.payload.sent").baseUnit("bytes")
                .description("Payload bytes of PUBLISH packets sent").tags("listener", listener, "qos", qos)
                .register(registry));
        deliveryLatency = Timer.builder("petrel.delivery.latency")
                .description("From a PUBLISH arriving to its delivery going out to a subscriber on this listener")
                .tag("listener", listener).publishPercentileHistogram().register(registry);
        authentication = Timer.builder("petrel.authentication")
                .description("Time the Authenticator takes to decide a CONNECT")
                .tag("listener", listener).publishPercentileHistogram().register(registry);
    }

    /** Meters in the registry the supplier gives when a listener starts; none when it gives null. */
    public static ProtocolMetrics.Factory factory(Supplier<@Nullable MeterRegistry> registry) {
        return listener -> {
            MeterRegistry current = registry.get();
            return current == null ? ProtocolMetrics.NONE : new MicrometerProtocolMetrics(current, listener);
        };
    }

    private static Counter[] perQos(Function<String, Counter> counter) {
        Counter[] counters = new Counter[3];
        for (Qos qos : Qos.values()) {
            counters[qos.value()] = counter.apply(String.valueOf(qos.value()));
        }
        return counters;
    }

    @Override
    public void received(Qos qos, int payloadBytes) {
        messagesReceived[qos.value()].increment();
        payloadReceived[qos.value()].increment(payloadBytes);
    }

    @Override
    public void sent(Qos qos, int payloadBytes, long latencyNanos) {
        messagesSent[qos.value()].increment();
        payloadSent[qos.value()].increment(payloadBytes);
        if (latencyNanos >= 0) {
            deliveryLatency.record(latencyNanos, TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public void authenticated(long nanos) {
        authentication.record(nanos, TimeUnit.NANOSECONDS);
    }
}
