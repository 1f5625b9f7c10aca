package io.petrel.bench;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import java.util.concurrent.CompletableFuture;

/**
 * Publishes one stream of numbered messages to one topic as fast as its {@link Pacing} allows and the
 * channel accepts them, with one flush per batch. At QoS 1 and 2 it keeps at most {@code maxInflight}
 * publishes that the broker has not completed, as real clients do: brokers bound what they accept in
 * flight per client (Mosquitto's max_inflight_messages, 20 by default, silently drops MQTT 3.1.1 QoS 2
 * publishes beyond it). Confined to its client's event loop.
 */
final class Publisher implements MqttClient.Listener {

    /** Messages written per flush, and before the other channels on the loop get a turn. */
    private static final int BATCH = 64;
    /** Packet identifiers are handed out in order; in-flight publishes stay below this many. */
    static final int MAX_PACKET_IDS = 65_535;

    private final Channel channel;
    private final EventLoop loop;
    private final PublishEncoder encoder;
    private final Pacing pacing;
    private final FlowStats stats;
    private final int stream;
    private final boolean acknowledged;
    private final int maxInflight;
    private final Runnable pump = this::pump;

    // Confined to the event loop.
    private boolean running;
    private long sent;
    private int uncompleted;
    private int lastPacketId;

    Publisher(MqttClient client, PublishEncoder encoder, Pacing pacing, FlowStats stats, int stream, int qos,
            int maxInflight) {
        if (maxInflight < 1 || maxInflight >= MAX_PACKET_IDS) {
            throw new IllegalArgumentException("--inflight must be between 1 and " + (MAX_PACKET_IDS - 1));
        }
        this.channel = client.channel();
        this.loop = channel.eventLoop();
        this.encoder = encoder;
        this.pacing = pacing;
        this.stats = stats;
        this.stream = stream;
        this.acknowledged = qos > 0;
        this.maxInflight = maxInflight;
        client.listen(this);
    }

    void start() {
        loop.execute(() -> {
            running = true;
            pump();
        });
    }

    /** Stops publishing; completes with how many messages this publisher sent. */
    CompletableFuture<Long> stop() {
        CompletableFuture<Long> total = new CompletableFuture<>();
        loop.execute(() -> {
            running = false;
            total.complete(sent);
        });
        return total;
    }

    private void pump() {
        if (!running || !channel.isActive()) {
            return;
        }
        long now = System.nanoTime();
        long allowed = Math.min(BATCH, pacing.allowance(sent, now));
        int written = 0;
        while (written < allowed && channel.isWritable() && uncompleted < maxInflight) {
            channel.write(encoder.encode(channel.alloc(), nextPacketId(), pacing.stamp(sent, now), sent, stream),
                    channel.voidPromise());
            sent++;
            written++;
        }
        if (written > 0) {
            channel.flush();
            stats.sent.add(written);
        }
        if (!channel.isWritable() || uncompleted >= maxInflight) {
            return; // onWritable or onPublishCompleted pumps again
        }
        if (written == BATCH) {
            loop.execute(pump);
        } else {
            pacing.awaitRoom(sent, loop, pump);
        }
    }

    private int nextPacketId() {
        if (!acknowledged) {
            return 0;
        }
        uncompleted++;
        lastPacketId = lastPacketId == MAX_PACKET_IDS ? 1 : lastPacketId + 1;
        return lastPacketId;
    }

    @Override
    public void onPublishCompleted() {
        if (uncompleted-- == maxInflight) {
            pump();
        }
    }

    @Override
    public void onWritable() {
        pump();
    }
}
