package io.petrel.bench;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.mqtt.MqttPublishMessage;

/**
 * Receives benchmark messages on one connection: records each one's latency and tells the sending
 * publisher's {@link FlowWindow} how far this receiver has got. Runs on the connection's event loop.
 */
final class Subscriber implements MqttClient.Listener {

    private final FlowWindow[] windowsByStream;
    private final int receiverSlot;
    private final FlowStats stats;

    /** {@code receiverSlot} is this subscriber's place among the receivers of every stream it gets. */
    Subscriber(FlowWindow[] windowsByStream, int receiverSlot, FlowStats stats) {
        this.windowsByStream = windowsByStream;
        this.receiverSlot = receiverSlot;
        this.stats = stats;
    }

    @Override
    public void onPublish(MqttPublishMessage publish) {
        long now = System.nanoTime();
        ByteBuf payload = publish.payload();
        stats.latencyMicros.recordValue(Math.max(0, now - Payload.sentAtNanos(payload)) / 1_000);
        stats.delivered.increment();
        windowsByStream[Payload.stream(payload)].delivered(receiverSlot, Payload.sequence(payload));
    }
}
