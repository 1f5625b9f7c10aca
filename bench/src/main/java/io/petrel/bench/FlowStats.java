package io.petrel.bench;

import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Recorder;

/**
 * What the publishers and subscribers of one message-flow run count, from any event loop: messages sent,
 * messages delivered, and end-to-end latency in microseconds.
 */
final class FlowStats {

    final LongAdder sent = new LongAdder();
    final LongAdder delivered = new LongAdder();
    /** Wait-free for the recording loops; the scenario takes interval snapshots to drop the warm-up. */
    final Recorder latencyMicros = new Recorder(3);
}
