package io.petrel.bench;

import io.netty.channel.EventLoop;

/** Decides when a {@link Publisher} may send: as fast as its window allows, or at a fixed rate. */
interface Pacing {

    /** How many more messages may go now, having sent {@code sent}. */
    long allowance(long sent, long nowNanos);

    /** The send time stamped into message number {@code sequence}. */
    long stamp(long sequence, long nowNanos);

    /** Arranges for {@code pump} to run on {@code loop} once more messages may go. */
    void awaitRoom(long sent, EventLoop loop, Runnable pump);
}
