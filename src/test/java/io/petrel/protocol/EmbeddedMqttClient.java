package io.petrel.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttSubAckMessage;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.MockTicker;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One client connection to an {@link EmbeddedBroker}: a client-side EmbeddedChannel with Netty's
 * {@code MqttEncoder} and {@code MqttDecoder} turns packets into bytes for the broker-side channel and
 * the broker's bytes back into packets, so both codecs work as they do over TCP. Every packet received
 * stays readable until {@link #close()}, which releases it.
 */
final class EmbeddedMqttClient implements AutoCloseable {

    private final EmbeddedChannel brokerChannel;
    private final MockTicker brokerClock;
    private final Runnable runEventLoops;
    private final EmbeddedChannel codec = new EmbeddedChannel(MqttEncoder.INSTANCE, new MqttDecoder(1 << 20, 65535));
    private final ArrayDeque<MqttMessage> pending = new ArrayDeque<>();
    private final List<MqttMessage> received = new ArrayList<>();
    private int nextPacketId = 1;

    EmbeddedMqttClient(EmbeddedChannel brokerChannel, MockTicker brokerClock, Runnable runEventLoops) {
        this.brokerChannel = brokerChannel;
        this.brokerClock = brokerClock;
        this.runEventLoops = runEventLoops;
    }

    /** The broker side of the connection, with the production pipeline. */
    EmbeddedChannel brokerChannel() {
        return brokerChannel;
    }

    /**
     * Encodes a packet and writes its bytes to the broker; the packet is released. Only this connection's event
     * loop runs, so work handed to other connections waits until something is received.
     */
    void send(MqttMessage message) {
        codec.writeOutbound(message);
        ByteBuf bytes;
        while ((bytes = codec.readOutbound()) != null) {
            writeToBroker(bytes);
        }
    }

    /** Writes raw bytes to the broker, for packets that an encoder refuses to produce. */
    void sendBytes(byte[] bytes) {
        writeToBroker(Unpooled.wrappedBuffer(bytes));
    }

    private void writeToBroker(ByteBuf bytes) {
        if (!brokerChannel.isOpen()) {
            bytes.release(); // like a socket the broker closed: the bytes go nowhere
            return;
        }
        brokerChannel.writeInbound(bytes);
        brokerChannel.runPendingTasks();
        brokerChannel.checkException();
    }

    /** Sends CONNECT and returns the CONNACK. */
    MqttConnAckMessage connect(MqttMessageBuilders.ConnectBuilder connect) {
        send(connect.build());
        return receive(MqttConnAckMessage.class);
    }

    /** Sends SUBSCRIBE for one filter with a fresh packet identifier and returns the SUBACK. */
    MqttSubAckMessage subscribe(String filter, MqttQoS qos) {
        int packetId = nextPacketId++;
        send(ClientPackets.subscribe(packetId, qos, filter));
        MqttSubAckMessage subAck = receive(MqttSubAckMessage.class);
        assertThat(subAck.variableHeader().messageId()).as("SUBACK packet identifier").isEqualTo(packetId);
        return subAck;
    }

    /** Everything the broker has sent and the test has not read yet, once every connection's event loop is idle. */
    List<MqttMessage> receiveAll() {
        pump();
        List<MqttMessage> messages = new ArrayList<>(pending);
        pending.clear();
        return messages;
    }

    /** The next packet from the broker; fails when there is none. */
    MqttMessage receive() {
        pump();
        assertThat(pending).as("packets received from the broker").isNotEmpty();
        return pending.poll();
    }

    <T extends MqttMessage> T receive(Class<T> type) {
        MqttMessage message = receive();
        assertThat(message).isInstanceOf(type);
        return type.cast(message);
    }

    /** The bytes the broker has sent and the test has not read yet, undecoded, for checks of the wire format. */
    byte[] receiveBytes() {
        runEventLoops.run();
        brokerChannel.checkException();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ByteBuf buffer;
        while ((buffer = brokerChannel.readOutbound()) != null) {
            try {
                bytes.writeBytes(ByteBufUtil.getBytes(buffer));
            } finally {
                buffer.release();
            }
        }
        return bytes.toByteArray();
    }

    private void pump() {
        runEventLoops.run();
        brokerChannel.checkException();
        Object bytes;
        while ((bytes = brokerChannel.readOutbound()) != null) {
            codec.writeInbound(bytes);
        }
        MqttMessage message;
        while ((message = codec.readInbound()) != null) {
            received.add(message);
            assertThat(message.decoderResult().isSuccess()).as("the broker sent a well-formed packet: %s", message)
                    .isTrue();
            pending.add(message);
        }
    }

    /** Whether the broker still has the connection open. */
    boolean isOpen() {
        runEventLoops.run();
        return brokerChannel.isOpen();
    }

    /** The network connection drops without DISCONNECT: the broker sees its channel close, on its event loop only. */
    void closeAbruptly() {
        brokerChannel.close();
        brokerChannel.runPendingTasks();
    }

    /** Moves this connection's clock forward and runs what became due there (keep-alive, connect timeout). */
    void advanceTimeBy(Duration duration) {
        brokerClock.advance(duration.toNanos(), TimeUnit.NANOSECONDS);
        brokerChannel.runScheduledPendingTasks();
        brokerChannel.runPendingTasks();
    }

    /** Closes both channels and releases every buffer they or this client still hold. */
    @Override
    public void close() {
        try {
            brokerChannel.finishAndReleaseAll();
        } finally {
            try {
                codec.finishAndReleaseAll();
            } finally {
                received.forEach(ReferenceCountUtil::release);
                received.clear();
                pending.clear();
            }
        }
    }
}
