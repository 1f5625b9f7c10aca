package io.petrel.bench;

import io.netty.channel.ChannelFuture;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Opens {@code count} MQTT connections to one broker, at most {@code concurrency} of them connecting at once, and keeps
 * them open. Each connection's time from TCP connect to CONNACK is recorded. Gives up on the ones still
 * pending at the deadline.
 */
final class ConnectionRamp {

    /** The connections that were accepted, how many failed, and how long it took. */
    record Outcome(List<MqttClient> open, int failed, long elapsedNanos, Histogram connAckMicros) {

        double connectionsPerSecond() {
            return open.size() / (elapsedNanos / 1e9);
        }

        /** Sends DISCONNECT on every open connection and waits until they have closed. */
        void disconnectAll() {
            List<ChannelFuture> closing = new ArrayList<>(open.size());
            open.forEach(client -> closing.add(client.disconnect()));
            closing.forEach(future -> future.awaitUninterruptibly(5, TimeUnit.SECONDS));
        }
    }

    private final ClientFactory clients;
    private final InetSocketAddress broker;
    private final BenchContext context;
    private final String role;
    private final int count;
    private final int concurrency;

    ConnectionRamp(BenchContext context, InetSocketAddress broker, String role, int count, int concurrency) {
        this.clients = context.clients();
        this.broker = broker;
        this.context = context;
        this.role = role;
        this.count = count;
        this.concurrency = concurrency;
    }

    Outcome run(Duration deadline) throws InterruptedException {
        Queue<MqttClient> open = new ConcurrentLinkedQueue<>();
        AtomicInteger launched = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        CountDownLatch finished = new CountDownLatch(count);
        Recorder connAckMicros = new Recorder(3);
        long start = System.nanoTime();
        Runnable launchNext = new Runnable() {
            @Override
            public void run() {
                int index = launched.getAndIncrement();
                if (index >= count) {
                    return;
                }
                long connectStart = System.nanoTime();
                MqttClient client = clients.connect(context.clientId(role, index), broker);
                client.connected().whenComplete((connected, failure) -> {
                    if (failure == null) {
                        connAckMicros.recordValue((System.nanoTime() - connectStart) / 1_000);
                        open.add(client);
                    } else {
                        failed.incrementAndGet();
                    }
                    finished.countDown();
                    run(); // the next connection takes this one's place
                });
            }
        };
        for (int i = 0; i < Math.min(concurrency, count); i++) {
            launchNext.run();
        }
        finished.await(deadline.toMillis(), TimeUnit.MILLISECONDS);
        long elapsed = System.nanoTime() - start;
        int pending = (int) finished.getCount();
        return new Outcome(new ArrayList<>(open), failed.get() + pending, elapsed, connAckMicros.getIntervalHistogram());
    }
}
