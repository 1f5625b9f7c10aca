package io.petrel.bench;

import io.netty.handler.codec.mqtt.MqttPublishMessage;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * retained: stores one retained message on each of N topics, then one client subscribes with a wildcard
 * over all of them; reports how long until every retained message has arrived (and how many did). The
 * storing client goes to the publishers' broker, the subscriber to the subscribers'.
 */
final class RetainedScenario implements Scenario {

    private static final int TOPICS_PER_LEVEL = 1_000;
    /** The subscriber's wait ends when nothing has arrived for this long. */
    private static final long QUIET_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final String topicPrefix;
    private final int topics;
    private final int qos;
    private final Duration deadline;

    RetainedScenario(String topicPrefix, int topics, int qos, Duration deadline) {
        this.topicPrefix = topicPrefix;
        this.topics = topics;
        this.qos = qos;
        this.deadline = deadline;
    }

    @Override
    public Result run(BenchContext context) throws Exception {
        MqttClient publisher = context.clients().connect(context.clientId("rp", 0), context.brokers().publishers()).connected().get(10, TimeUnit.SECONDS);
        long storeStart = System.nanoTime();
        new RetainedPublisher(publisher, i -> topicPrefix + "/" + i / TOPICS_PER_LEVEL + "/" + i % TOPICS_PER_LEVEL, topics)
                .publishAll()
                .get(deadline.toMillis(), TimeUnit.MILLISECONDS);
        double storeSeconds = (System.nanoTime() - storeStart) / 1e9;
        publisher.disconnect().awaitUninterruptibly(5, TimeUnit.SECONDS);

        MqttClient subscriber = context.clients().connect(context.clientId("rs", 0), context.brokers().subscribers()).connected().get(10, TimeUnit.SECONDS);
        try {
            LongAdder received = new LongAdder();
            AtomicLong lastArrival = new AtomicLong();
            subscriber.listen(new MqttClient.Listener() {
                @Override
                public void onPublish(MqttPublishMessage publish) {
                    if (publish.fixedHeader().isRetain()) {
                        received.increment();
                        lastArrival.set(System.nanoTime());
                    }
                }
            });
            CpuMeter.Sample cpuBefore = context.cpu().sample();
            long subscribed = System.nanoTime();
            lastArrival.set(subscribed);
            subscriber.subscribe(topicPrefix + "/#", qos);
            awaitAll(received, lastArrival, subscribed);
            CpuReport cpu = context.cpu().between(cpuBefore, context.cpu().sample());
            return report(context, storeSeconds, received.sum(), (lastArrival.get() - subscribed) / 1e9, cpu);
        } finally {
            subscriber.disconnect().awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
    }

    private void awaitAll(LongAdder received, AtomicLong lastArrival, long subscribed) throws InterruptedException {
        long giveUp = subscribed + deadline.toNanos();
        while (received.sum() < topics && System.nanoTime() < giveUp
                && System.nanoTime() - lastArrival.get() < QUIET_NANOS) {
            Thread.sleep(10);
        }
    }

    private Result report(BenchContext context, double storeSeconds, long received, double deliverySeconds,
            CpuReport cpu) {
        Result result = context.newResult("retained")
                .put("topics", topics)
                .put("qos", qos)
                .put("storeSeconds", storeSeconds)
                .put("storedPerSec", topics / storeSeconds)
                .put("received", received)
                .put("lost", topics - received)
                .put("retainedSeconds", deliverySeconds)
                .put("retainedPerSec", received / deliverySeconds);
        cpu.addTo(result);
        return result
                .summary(String.format(Locale.ROOT, "stored %,d retained messages in %.2f s; wildcard subscribe received %,d of them in %.2f s",
                        topics, storeSeconds, received, deliverySeconds))
                .summary(cpu.summary());
    }
}
