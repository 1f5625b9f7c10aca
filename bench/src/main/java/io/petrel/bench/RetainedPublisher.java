package io.petrel.bench;

import io.netty.channel.Channel;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntFunction;

/**
 * Stores retained messages: publishes one QoS 1 retained message to each of {@code count} topics, keeping
 * at most {@value #MAX_UNACKED} without PUBACK, and completes once the broker acknowledged them all.
 * Confined to its client's event loop.
 */
final class RetainedPublisher implements MqttClient.Listener {

    private static final int MAX_UNACKED = 1_000;
    private static final int BATCH = 64;

    private final Channel channel;
    private final IntFunction<String> topics;
    private final int count;
    private final CompletableFuture<Void> stored = new CompletableFuture<>();
    private int sent;
    private int acknowledged;

    RetainedPublisher(MqttClient client, IntFunction<String> topics, int count) {
        this.channel = client.channel();
        this.topics = topics;
        this.count = count;
        client.listen(this);
    }

    CompletableFuture<Void> publishAll() {
        channel.eventLoop().execute(this::pump);
        return stored;
    }

    private void pump() {
        int written = 0;
        while (sent < count && sent - acknowledged < MAX_UNACKED && written < BATCH && channel.isWritable()) {
            PublishEncoder encoder = new PublishEncoder(topics.apply(sent), 1, true);
            channel.write(encoder.encode(channel.alloc(), sent % 65_535 + 1, System.nanoTime(), sent, 0),
                    channel.voidPromise());
            sent++;
            written++;
        }
        if (written > 0) {
            channel.flush();
        }
        if (written == BATCH) {
            channel.eventLoop().execute(this::pump);
        }
    }

    @Override
    public void onPublishCompleted() {
        if (++acknowledged == count) {
            stored.complete(null);
        } else {
            pump();
        }
    }

    @Override
    public void onWritable() {
        pump();
    }
}
