package io.petrel.bench;

import io.netty.channel.EventLoop;

/** Sends whenever the end-to-end {@link FlowWindow} has room: the maximum-throughput runs. */
final class ClosedLoopPacing implements Pacing {

    private final FlowWindow window;

    ClosedLoopPacing(FlowWindow window) {
        this.window = window;
    }

    @Override
    public long allowance(long sent, long nowNanos) {
        return window.room(sent);
    }

    @Override
    public long stamp(long sequence, long nowNanos) {
        return nowNanos;
    }

    @Override
    public void awaitRoom(long sent, EventLoop loop, Runnable pump) {
        window.park(sent, () -> loop.execute(pump));
    }
}
