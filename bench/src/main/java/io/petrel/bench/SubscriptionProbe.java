package io.petrel.bench;

import io.netty.channel.Channel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Two-node runs only: a cluster makes a subscription known to its other nodes a little after the SUBACK,
 * and messages published on the publishers' node before then would count as lost. This publishes marked
 * probe messages (QoS 0, stream {@link Payload#PROBE_STREAM}) from the publishers' node to every stream's
 * topic until each subscriber has received one, so the run starts with the subscriptions in place
 * everywhere. Subscribers count probes neither as deliveries nor in the latency.
 */
final class SubscriptionProbe {

    private static final long ROUND_MILLIS = 100;
    private static final Duration DEADLINE = Duration.ofSeconds(30);

    private SubscriptionProbe() {
    }

    static void await(BenchContext context, Topology topology, List<Subscriber> subscribers) throws Exception {
        MqttClient probe = context.clients().connect(context.clientId("probe", 0), context.brokers().publishers())
                .connected().get(10, TimeUnit.SECONDS);
        try {
            long deadline = System.nanoTime() + DEADLINE.toNanos();
            long missing;
            while ((missing = subscribers.stream().filter(subscriber -> !subscriber.probed()).count()) > 0) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(missing + " of " + subscribers.size() + " subscriptions made on "
                            + context.brokers().describe() + " did not reach the publishers' node within " + DEADLINE);
                }
                publishRound(probe.channel(), topology);
                Thread.sleep(ROUND_MILLIS);
            }
        } finally {
            probe.disconnect().awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
    }

    /** One probe on each publisher's topic: together they match every subscriber's filter. */
    private static void publishRound(Channel channel, Topology topology) {
        for (int i = 0; i < topology.publishers(); i++) {
            PublishEncoder encoder = new PublishEncoder(topology.publisherTopic(i), 0, false);
            channel.write(encoder.encode(channel.alloc(), 0, System.nanoTime(), 0, Payload.PROBE_STREAM),
                    channel.voidPromise());
        }
        channel.flush();
    }
}
