package io.petrel.bench;

import io.netty.buffer.ByteBuf;

/**
 * The fixed 64-byte payload of every benchmark message: when it was (meant to be) sent, its sequence number
 * within its stream, and which stream (publisher) it belongs to; zeros after that. Publishers and
 * subscribers live in one process, so {@link System#nanoTime()} stamps are comparable.
 */
final class Payload {

    static final int SIZE = 64;
    /** The stream of {@link SubscriptionProbe}'s messages, which are not part of any measurement. */
    static final int PROBE_STREAM = -1;

    private static final int SENT_AT = 0;
    private static final int SEQUENCE = 8;
    private static final int STREAM = 16;
    private static final int HEADER = 20;

    private Payload() {
    }

    static void write(ByteBuf out, long sentAtNanos, long sequence, int stream) {
        out.writeLong(sentAtNanos).writeLong(sequence).writeInt(stream).writeZero(SIZE - HEADER);
    }

    static long sentAtNanos(ByteBuf payload) {
        return payload.getLong(payload.readerIndex() + SENT_AT);
    }

    static long sequence(ByteBuf payload) {
        return payload.getLong(payload.readerIndex() + SEQUENCE);
    }

    static int stream(ByteBuf payload) {
        return payload.getInt(payload.readerIndex() + STREAM);
    }
}
