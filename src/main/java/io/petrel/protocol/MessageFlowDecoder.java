package io.petrel.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageFactory;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPubReplyMessageVariableHeader;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttPublishVariableHeader;
import io.netty.handler.codec.mqtt.MqttQoS;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Splits the byte stream into whole MQTT packets and decodes the ones of the message flow itself, PUBLISH
 * and its four acknowledgements, when they take the common form: a topic of printable ASCII, no MQTT 5
 * properties. Every other packet goes on, whole, to Netty's {@code MqttDecoder}, which decodes it or says
 * what is wrong with it, so malformed input gets the same answer as without this decoder.
 *
 * <p>Why: Netty's decoder replays partial packets and decodes every topic through a {@code CharsetDecoder},
 * which cost a char array, two NIO buffers and a byte array per PUBLISH. Here a topic equal to the previous
 * one on the connection (a device reporting on its topic) is the same string again, and an acknowledgement
 * is read in place (bench/RESULTS.md).
 *
 * <p>A packet is decoded here only after a CONNECT went by, whose protocol level says whether PUBLISH has a
 * property length. A packet longer than {@code maxRemainingLength}, or with a malformed length, hands the
 * rest of the stream to {@code MqttDecoder}, which refuses it.
 */
public final class MessageFlowDecoder extends ByteToMessageDecoder {

    private static final int CONNECT = 1;
    private static final int PUBLISH = 3;
    private static final int PUBREL = 6;
    private static final int MQTT_5 = 5;
    private static final int MAX_LENGTH_BYTES = 4;

    private final int maxRemainingLength;
    private int protocolLevel; // 0 until a CONNECT went by
    private @Nullable String lastTopic;
    /** The last packet passed to MqttDecoder, held until it is known whether MqttDecoder read it all. */
    private @Nullable ByteBuf handedOver;
    private boolean discarding; // after a malformed packet

    /** {@code maxRemainingLength}: the same limit as {@code MqttDecoder}'s, which refuses longer packets. */
    public MessageFlowDecoder(int maxRemainingLength) {
        this.maxRemainingLength = maxRemainingLength;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        MqttMessage failure = checkHandedOver();
        if (failure != null) {
            out.add(failure);
        }
        if (discarding) {
            in.skipBytes(in.readableBytes());
            return;
        }
        int start = in.readerIndex();
        int remaining = 0;
        int lengthBytes = 0;
        int digit;
        do {
            if (lengthBytes == MAX_LENGTH_BYTES || remaining > maxRemainingLength) {
                handOverRest(ctx);
                return;
            }
            if (in.readableBytes() < 2 + lengthBytes) {
                return; // the length is not complete yet
            }
            digit = in.getUnsignedByte(start + 1 + lengthBytes);
            remaining += (digit & 0x7F) << 7 * lengthBytes;
            lengthBytes++;
        } while ((digit & 0x80) != 0);
        if (remaining > maxRemainingLength) {
            handOverRest(ctx);
            return;
        }
        int packetLength = 1 + lengthBytes + remaining;
        if (in.readableBytes() < packetLength) {
            return; // wait for the whole packet
        }
        int first = in.getUnsignedByte(start);
        Object decoded = protocolLevel == 0 ? null : decodeFlowPacket(in, first, start + 1 + lengthBytes, remaining);
        if (decoded != null) {
            in.skipBytes(packetLength);
            out.add(decoded);
            return;
        }
        if (first >> 4 == CONNECT) {
            protocolLevel = protocolLevel(in, start + 1 + lengthBytes, remaining);
        }
        ByteBuf packet = in.readRetainedSlice(packetLength);
        handedOver = packet.retain(); // MqttDecoder releases its reference when it has read the packet
        out.add(packet); // MqttDecoder decodes it before this decoder is called again
    }

    /**
     * Whether MqttDecoder read all of the packet it was last handed. If not, it either refused the packet or
     * waits for bytes that the packet's own fields claim beyond its end; either way the packet is malformed,
     * and a failure after it makes sure the connection says so (once: the handler reads nothing after the
     * first). Nothing after such a packet is decoded, as MqttDecoder would discard it too. Returns that
     * failure, or null.
     */
    private @Nullable MqttMessage checkHandedOver() {
        ByteBuf packet = handedOver;
        if (packet == null) {
            return null;
        }
        handedOver = null;
        boolean leftUnread = packet.isReadable();
        packet.release();
        if (!leftUnread) {
            return null;
        }
        discarding = true;
        return new MqttMessage(null, null, null, DecoderResult.failure(
                new DecoderException("a field runs past the end of the packet")));
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) throws Exception {
        MqttMessage failure = checkHandedOver(); // about the last packet of this read
        if (failure != null) {
            ctx.fireChannelRead(failure);
        }
        super.channelReadComplete(ctx);
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) {
        if (handedOver != null) {
            handedOver.release();
            handedOver = null;
        }
    }

    /** MqttDecoder gets everything from here on, and refuses the packet that starts it. */
    private void handOverRest(ChannelHandlerContext ctx) {
        ctx.pipeline().remove(this); // passes what is buffered on, and the decode loop stops
    }

    private @Nullable Object decodeFlowPacket(ByteBuf in, int first, int variableHeader, int remaining) {
        if (first >> 4 == PUBLISH) {
            return decodePublish(in, first, variableHeader, remaining);
        }
        // PUBACK 0100 0000, PUBREC 0101 0000, PUBREL 0110 0010, PUBCOMP 0111 0000, without reason code
        if ((first == 0x40 || first == 0x50 || first == 0x62 || first == 0x70) && remaining == 2) {
            int packetId = in.getUnsignedShort(variableHeader);
            if (packetId == 0) {
                return null;
            }
            MqttMessageType type = MqttMessageType.valueOf(first >> 4);
            MqttQoS qos = first >> 4 == PUBREL ? MqttQoS.AT_LEAST_ONCE : MqttQoS.AT_MOST_ONCE;
            return MqttMessageFactory.newMessage(new MqttFixedHeader(type, false, qos, false, remaining),
                    new MqttPubReplyMessageVariableHeader(packetId, (byte) 0, MqttProperties.NO_PROPERTIES), null);
        }
        return null;
    }

    private @Nullable MqttPublishMessage decodePublish(ByteBuf in, int first, int variableHeader, int remaining) {
        int qos = (first >> 1) & 0x03;
        if (qos == 3 || remaining < 2) {
            return null;
        }
        int end = variableHeader + remaining;
        int topicLength = in.getUnsignedShort(variableHeader);
        int topicStart = variableHeader + 2;
        int payloadStart = topicStart + topicLength + (qos > 0 ? 2 : 0) + (protocolLevel == MQTT_5 ? 1 : 0);
        if (payloadStart > end) {
            return null;
        }
        int packetId = -1;
        if (qos > 0) {
            packetId = in.getUnsignedShort(topicStart + topicLength);
            if (packetId == 0) {
                return null;
            }
        }
        if (protocolLevel == MQTT_5 && in.getByte(payloadStart - 1) != 0) {
            return null; // properties: MqttDecoder reads them
        }
        String topic = topic(in, topicStart, topicLength);
        if (topic == null) {
            return null;
        }
        MqttFixedHeader header = new MqttFixedHeader(MqttMessageType.PUBLISH, (first & 0x08) != 0,
                MqttQoS.valueOf(qos), (first & 0x01) != 0, remaining);
        return new MqttPublishMessage(header, new MqttPublishVariableHeader(topic, packetId, MqttProperties.NO_PROPERTIES),
                in.retainedSlice(payloadStart, end - payloadStart));
    }

    /**
     * The topic if it is printable ASCII without wildcards (anything else, MqttDecoder decodes and checks);
     * the previous topic again when the bytes spell it.
     */
    private @Nullable String topic(ByteBuf in, int start, int length) {
        String previous = lastTopic;
        boolean same = previous != null && previous.length() == length;
        for (int i = 0; i < length; i++) {
            byte b = in.getByte(start + i);
            if (b < 0x20 || b == 0x7F || b == '+' || b == '#') {
                return null; // control characters, non-ASCII (negative) and wildcards
            }
            same = same && previous.charAt(i) == b;
        }
        if (same) {
            return previous;
        }
        String topic = in.toString(start, length, StandardCharsets.US_ASCII);
        lastTopic = topic;
        return topic;
    }

    /** The protocol level of a CONNECT: after the protocol name, which is a length and that many bytes. */
    private static int protocolLevel(ByteBuf in, int variableHeader, int remaining) {
        if (remaining < 2) {
            return 0;
        }
        int levelOffset = 2 + in.getUnsignedShort(variableHeader);
        return levelOffset < remaining ? in.getUnsignedByte(variableHeader + levelOffset) : 0;
    }
}
