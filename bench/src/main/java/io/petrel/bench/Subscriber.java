package io.petrel.bench;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.mqtt.MqttPublishMessage;

/**
 * Receives benchmark messages on one connection: records each one's latency and tells the sending
 * publisher's {@link FlowWindow} how far this receiver has got. Runs on the connection's event loop.
 * {@link SubscriptionProbe}'s messages only mark the subscription as in place.
 */
final class Subscriber implements MqttClient.Listener {

    private final FlowWindow[] windowsByStream;
    private final int receiverSlot;
    private final FlowStats stats;
    private volatile boolean probed;

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
        if (Payload.stream(payload) == Payload.PROBE_STREAM) {
            probed = true;
            return;
        }
        stats.latencyMicros.recordValue(Math.max(0, now - Payload.sentAtNanos(payload)) / 1_000);
        stats.delivered.increment();
        windowsByStream[Payload.stream(payload)].delivered(receiverSlot, Payload.sequence(payload));
    }

    /** Whether a probe reached this subscriber, that is whether the publishers' node knows its subscription. */
    boolean probed() {
        return probed;
    }
}
