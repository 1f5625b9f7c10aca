package io.petrel.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;

/**
 * Writes PUBLISH packets for one topic straight into a pooled buffer: the topic is encoded once, and there
 * is no message object and no second copy, which keeps the generator's cost per message low.
 */
final class PublishEncoder {

    private static final int PUBLISH = 0x30;

    private final byte[] topic;
    private final int qos;
    private final boolean retain;

    PublishEncoder(String topic, int qos, boolean retain) {
        this.topic = topic.getBytes(StandardCharsets.UTF_8);
        this.qos = qos;
        this.retain = retain;
    }

    /** One PUBLISH with a {@link Payload}; {@code packetId} is ignored at QoS 0. */
    ByteBuf encode(ByteBufAllocator allocator, int packetId, long sentAtNanos, long sequence, int stream) {
        int remainingLength = 2 + topic.length + (qos > 0 ? 2 : 0) + Payload.SIZE;
        ByteBuf out = allocator.ioBuffer(1 + 4 + remainingLength);
        out.writeByte(PUBLISH | qos << 1 | (retain ? 1 : 0));
        writeVariableLength(out, remainingLength);
        out.writeShort(topic.length).writeBytes(topic);
        if (qos > 0) {
            out.writeShort(packetId);
        }
        Payload.write(out, sentAtNanos, sequence, stream);
        return out;
    }

    private static void writeVariableLength(ByteBuf out, int length) {
        int remaining = length;
        do {
            int digit = remaining % 128;
            remaining /= 128;
            out.writeByte(remaining > 0 ? digit | 0x80 : digit);
        } while (remaining > 0);
    }
}
