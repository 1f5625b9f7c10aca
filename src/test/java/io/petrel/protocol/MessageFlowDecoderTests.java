package io.petrel.protocol;

import static io.petrel.protocol.ClientPackets.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link MessageFlowDecoder} in front of Netty's decoder, as in the broker's pipeline, against Netty's decoder
 * alone: the same stream of bytes gives the same packets, whole or one byte at a time, and malformed input
 * the same failure.
 */
class MessageFlowDecoderTests {

    private static final int MAX_REMAINING_LENGTH = 1000;

    private final List<Object> decoded = new ArrayList<>();
    private final List<EmbeddedChannel> channels = new ArrayList<>();

    @AfterEach
    void releaseEverything() {
        decoded.forEach(ReferenceCountUtil::release);
        channels.forEach(EmbeddedChannel::finishAndReleaseAll);
    }

    @ParameterizedTest
    @EnumSource(value = MqttVersion.class, names = {"MQTT_3_1", "MQTT_3_1_1", "MQTT_5"})
    void messageFlowDecodesAsNettysDecoderDoes(MqttVersion version) {
        MqttProperties userProperty = new MqttProperties();
        userProperty.add(new MqttProperties.UserProperty("unit", "K"));
        byte[] stream = encode(
                connect(version),
                publish("fleet/car-7/speed", MqttQoS.AT_MOST_ONCE, 0, "88", MqttProperties.NO_PROPERTIES),
                publish("fleet/car-7/speed", MqttQoS.AT_LEAST_ONCE, 1, "89", MqttProperties.NO_PROPERTIES),
                publish("flotte/wagen-7/geschwindigkeit/über", MqttQoS.EXACTLY_ONCE, 2, "90", MqttProperties.NO_PROPERTIES),
                publish("fleet/car-7/speed", MqttQoS.AT_LEAST_ONCE, 3, "", version == MqttVersion.MQTT_5
                        ? userProperty : MqttProperties.NO_PROPERTIES),
                ack(MqttMessageType.PUBACK, 4), ack(MqttMessageType.PUBREC, 5), ack(MqttMessageType.PUBREL, 6),
                ack(MqttMessageType.PUBCOMP, 7),
                MqttMessage.PINGREQ);

        List<String> expected = describe(decodeWithNettyAlone(stream));
        assertThat(expected).hasSize(10);
        assertThat(describe(decodeWithFlowDecoder(stream, stream.length))).isEqualTo(expected);
        assertThat(describe(decodeWithFlowDecoder(stream, 1))).isEqualTo(expected);
    }

    @Test
    void topicEqualToThePreviousOneIsTheSameString() {
        byte[] stream = encode(connect(MqttVersion.MQTT_3_1_1),
                publish("sensors/7/t", MqttQoS.AT_MOST_ONCE, 0, "1", MqttProperties.NO_PROPERTIES),
                publish("sensors/7/t", MqttQoS.AT_MOST_ONCE, 0, "2", MqttProperties.NO_PROPERTIES),
                publish("sensors/7/h", MqttQoS.AT_MOST_ONCE, 0, "3", MqttProperties.NO_PROPERTIES));

        List<MqttPublishMessage> publishes = decodeWithFlowDecoder(stream, stream.length).stream()
                .filter(MqttPublishMessage.class::isInstance).map(MqttPublishMessage.class::cast).toList();

        assertThat(publishes).hasSize(3);
        assertThat(publishes.get(1).variableHeader().topicName()).isSameAs(publishes.get(0).variableHeader().topicName());
        assertThat(publishes.get(2).variableHeader().topicName()).isEqualTo("sensors/7/h");
    }

    @Test
    void malformedPacketsFailAsWithNettysDecoderAlone() {
        byte[] connect = encode(connect(MqttVersion.MQTT_3_1_1));
        List<byte[]> malformed = List.of(
                bytes(0x30, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F),           // remaining length in 5 bytes
                bytes(0x36, 0x06, 0x00, 0x01, 't', 0x00, 0x01, 'x'), // QoS 3
                bytes(0x32, 0x05, 0x00, 0x01, 't', 0x00, 0x00),      // packet identifier 0
                bytes(0x30, 0x04, 0x00, 0x01, '#', 'x'),              // wildcard in a topic name
                bytes(0x30, 0x05, 0x00, 0x02, 0xC3, 0x28, 'x'),       // not UTF-8
                bytes(0x60, 0x02, 0x00, 0x01),                        // PUBREL with flags 0000
                bytes(0x40, 0x02, 0x00, 0x00));                       // PUBACK of packet identifier 0
        for (byte[] packet : malformed) {
            byte[] stream = concat(connect, packet);
            List<MqttMessage> alone = decodeWithNettyAlone(stream);
            List<MqttMessage> withFlowDecoder = decodeWithFlowDecoder(stream, stream.length);

            assertThat(alone).hasSize(2);
            assertThat(describe(withFlowDecoder)).isEqualTo(describe(alone));
            assertThat(withFlowDecoder.get(1).decoderResult().isFailure()).isTrue();
        }
    }

    @Test
    void packetWhoseTopicRunsPastItsEndFailsAtOnceAndNothingAfterItIsDecoded() {
        byte[] stream = concat(encode(connect(MqttVersion.MQTT_3_1_1)), concat(
                bytes(0x30, 0x03, 0x00, 0x05, 't'), // a topic of 5 bytes in a packet of 3
                encode(publish("after", MqttQoS.AT_MOST_ONCE, 0, "x", MqttProperties.NO_PROPERTIES))));

        List<MqttMessage> messages = decodeWithFlowDecoder(stream, stream.length);

        // Netty's decoder alone would read the next packet's bytes as the rest of this one.
        assertThat(messages).hasSize(2);
        assertThat(messages.get(1).decoderResult().cause()).hasMessageContaining("past the end of the packet");
    }

    @Test
    void packetOverTheLimitFailsAsTooLongWithoutWaitingForItsBytes() {
        byte[] stream = concat(encode(connect(MqttVersion.MQTT_5)),
                bytes(0x30, 0xE9, 0x07, 0x00, 0x01, 't')); // remaining length 1001 of a limit of 1000

        List<MqttMessage> messages = decodeWithFlowDecoder(stream, stream.length);

        assertThat(messages).hasSize(2);
        assertThat(messages.get(1).decoderResult().cause()).isInstanceOf(TooLongFrameException.class);
    }

    @Test
    void beforeCONNECTEveryPacketGoesToNettysDecoder() {
        byte[] stream = encode(publish("early", MqttQoS.AT_MOST_ONCE, 0, "x", MqttProperties.NO_PROPERTIES));

        List<MqttMessage> messages = decodeWithFlowDecoder(stream, stream.length);

        // Netty's decoder reads it as MQTT 3.1.1, its default before a CONNECT; the handler refuses it.
        assertThat(describe(messages)).isEqualTo(describe(decodeWithNettyAlone(stream)));
    }

    @Test
    void aPausedConnectionIsNotAskedForMoreBytesWhenAPacketWentToNettysDecoder() {
        AtomicInteger readRequests = new AtomicInteger();
        EmbeddedChannel channel = new EmbeddedChannel(new ChannelOutboundHandlerAdapter() {
            @Override
            public void read(ChannelHandlerContext ctx) {
                readRequests.incrementAndGet();
                ctx.read();
            }
        }, new MessageFlowDecoder(MAX_REMAINING_LENGTH), new MqttDecoder(MAX_REMAINING_LENGTH, 65535));
        channel.config().setAutoRead(false); // as MqttConnection pauses reading while a hook decides
        int before = readRequests.get();

        byte[] connect = encode(connect(MqttVersion.MQTT_3_1_1));
        List<MqttMessage> messages = decode(channel, connect, connect.length);

        assertThat(messages).hasSize(1);
        assertThat(readRequests.get()).as("read() calls").isEqualTo(before);
    }

    private List<MqttMessage> decodeWithNettyAlone(byte[] stream) {
        return decode(new EmbeddedChannel(new MqttDecoder(MAX_REMAINING_LENGTH, 65535)), stream, stream.length);
    }

    private List<MqttMessage> decodeWithFlowDecoder(byte[] stream, int chunk) {
        return decode(new EmbeddedChannel(new MessageFlowDecoder(MAX_REMAINING_LENGTH),
                new MqttDecoder(MAX_REMAINING_LENGTH, 65535)), stream, chunk);
    }

    /** Writes the stream in chunks of {@code chunk} bytes, as reads from a socket might split it. */
    private List<MqttMessage> decode(EmbeddedChannel channel, byte[] stream, int chunk) {
        channels.add(channel);
        for (int offset = 0; offset < stream.length; offset += chunk) {
            channel.writeInbound(Unpooled.wrappedBuffer(stream, offset, Math.min(chunk, stream.length - offset)));
        }
        List<MqttMessage> messages = new ArrayList<>();
        MqttMessage message;
        while ((message = channel.readInbound()) != null) {
            messages.add(message);
            decoded.add(message);
        }
        return messages;
    }

    /** Everything the broker reads of a packet, as text. */
    private static List<String> describe(List<MqttMessage> messages) {
        return messages.stream().map(message -> {
            String text = message.fixedHeader() + " " + message.variableHeader() + " " + message.decoderResult();
            if (message instanceof MqttPublishMessage publish) {
                text += " payload=" + publish.payload().toString(StandardCharsets.UTF_8)
                        + " properties=" + publish.variableHeader().properties().listAll();
            }
            return text;
        }).toList();
    }

    /** Encodes with Netty's encoder, which takes the protocol level from the CONNECT (3.1.1 before one). */
    private static byte[] encode(MqttMessage... messages) {
        EmbeddedChannel encoder = new EmbeddedChannel(MqttEncoder.INSTANCE);
        ByteBuf all = Unpooled.buffer();
        for (MqttMessage message : messages) {
            encoder.writeOutbound(message);
            ByteBuf bytes;
            while ((bytes = encoder.readOutbound()) != null) {
                all.writeBytes(bytes);
                bytes.release();
            }
        }
        encoder.finishAndReleaseAll();
        byte[] result = new byte[all.readableBytes()];
        all.readBytes(result);
        return result;
    }

    private static MqttMessage connect(MqttVersion version) {
        return MqttMessageBuilders.connect().clientId("car-7").protocolVersion(version).build();
    }

    private static MqttMessage publish(String topic, MqttQoS qos, int packetId, String payload, MqttProperties properties) {
        return MqttMessageBuilders.publish().topicName(topic).qos(qos).messageId(packetId).properties(properties)
                .payload(Unpooled.copiedBuffer(payload, StandardCharsets.UTF_8)).build();
    }

    private static MqttMessage ack(MqttMessageType type, int packetId) {
        MqttQoS qos = type == MqttMessageType.PUBREL ? MqttQoS.AT_LEAST_ONCE : MqttQoS.AT_MOST_ONCE;
        return new MqttMessage(new MqttFixedHeader(type, false, qos, false, 0), MqttMessageIdVariableHeader.from(packetId));
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] both = new byte[first.length + second.length];
        System.arraycopy(first, 0, both, 0, first.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }
}
