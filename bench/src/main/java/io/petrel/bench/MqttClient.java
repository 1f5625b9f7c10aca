package io.petrel.bench;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttSubAckMessage;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One MQTT connection of the generator: sends CONNECT once TCP is up, answers the broker's QoS 1 and 2
 * publishes, and hands publishes and completed acknowledgements to its {@link Listener}. Acknowledgements
 * are written as raw bytes and flushed once per read batch. Confined to its channel's event loop, except
 * for the futures and the methods that hop onto that loop.
 */
final class MqttClient extends ChannelInboundHandlerAdapter {

    /** What a scenario does with the traffic of one connection; called on the connection's event loop. */
    interface Listener {

        /** A PUBLISH arrived; it is released when this returns. */
        default void onPublish(MqttPublishMessage publish) {
        }

        /** The broker finished one of our QoS 1 (PUBACK) or QoS 2 (PUBCOMP) publishes. */
        default void onPublishCompleted() {
        }

        /** The channel can take writes again after back-pressure. */
        default void onWritable() {
        }
    }

    private static final Listener IGNORE = new Listener() {
    };

    // First bytes of the acknowledgement packets (type and the flags the specification fixes).
    private static final int PUBACK = 0x40;
    private static final int PUBREC = 0x50;
    private static final int PUBREL = 0x62;
    private static final int PUBCOMP = 0x70;

    private final String clientId;
    private final ProtocolVersion version;
    private final CompletableFuture<MqttClient> connected = new CompletableFuture<>();
    private CompletableFuture<List<Integer>> subscribed = new CompletableFuture<>();
    private volatile Listener listener = IGNORE;
    private ChannelHandlerContext ctx;
    private boolean unflushedAcks;

    MqttClient(String clientId, ProtocolVersion version) {
        this.clientId = clientId;
        this.version = version;
    }

    /** Completes once the broker accepted CONNECT; fails when it refused or the connection broke. */
    CompletableFuture<MqttClient> connected() {
        return connected;
    }

    Channel channel() {
        return ctx.channel();
    }

    void listen(Listener newListener) {
        this.listener = newListener;
    }

    /** Subscribes to one topic filter; completes with the granted QoS values (128 means refused). */
    CompletableFuture<List<Integer>> subscribe(String filter, int qos) {
        CompletableFuture<List<Integer>> result = new CompletableFuture<>();
        ctx.executor().execute(() -> {
            subscribed = result;
            ctx.writeAndFlush(MqttMessageBuilders.subscribe()
                    .messageId(1)
                    .addSubscription(MqttQoS.valueOf(qos), filter)
                    .build());
        });
        return result;
    }

    /** Sends DISCONNECT and closes; the future completes when the channel has closed. */
    ChannelFuture disconnect() {
        Channel channel = ctx.channel();
        channel.eventLoop().execute(() -> {
            if (channel.isActive()) {
                channel.writeAndFlush(MqttMessageBuilders.disconnect().build());
            }
            channel.close();
        });
        return channel.closeFuture();
    }

    void connectFailed(Throwable cause) {
        connected.completeExceptionally(cause);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext context) {
        this.ctx = context;
    }

    @Override
    public void channelActive(ChannelHandlerContext context) {
        context.writeAndFlush(MqttMessageBuilders.connect()
                .clientId(clientId)
                .protocolVersion(version.nettyVersion())
                .cleanSession(true)
                .keepAlive(0) // idle connections must stay open however long a scenario holds them
                .build());
        context.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object msg) {
        MqttMessage message = (MqttMessage) msg;
        try {
            if (message.decoderResult().isFailure()) {
                context.close();
                connected.completeExceptionally(message.decoderResult().cause());
                return;
            }
            switch (message.fixedHeader().messageType()) {
                case CONNACK -> onConnAck((MqttConnAckMessage) message);
                case SUBACK -> subscribed.complete(((MqttSubAckMessage) message).payload().grantedQoSLevels());
                case PUBLISH -> onPublish((MqttPublishMessage) message);
                case PUBACK, PUBCOMP -> listener.onPublishCompleted();
                case PUBREC -> writeAck(PUBREL, packetId(message));
                case PUBREL -> writeAck(PUBCOMP, packetId(message));
                default -> {
                    // PINGRESP and UNSUBACK need no answer; the generator sends neither PINGREQ nor UNSUBSCRIBE.
                }
            }
        } finally {
            ReferenceCountUtil.release(message);
        }
    }

    private void onConnAck(MqttConnAckMessage connAck) {
        MqttConnectReturnCode code = connAck.variableHeader().connectReturnCode();
        if (code == MqttConnectReturnCode.CONNECTION_ACCEPTED) {
            connected.complete(this);
        } else {
            connected.completeExceptionally(new IOException(clientId + ": CONNACK " + code));
            ctx.close();
        }
    }

    private void onPublish(MqttPublishMessage publish) {
        MqttQoS qos = publish.fixedHeader().qosLevel();
        if (qos == MqttQoS.AT_LEAST_ONCE) {
            writeAck(PUBACK, publish.variableHeader().packetId());
        } else if (qos == MqttQoS.EXACTLY_ONCE) {
            writeAck(PUBREC, publish.variableHeader().packetId());
        }
        listener.onPublish(publish);
    }

    private static int packetId(MqttMessage message) {
        return ((MqttMessageIdVariableHeader) message.variableHeader()).messageId();
    }

    private void writeAck(int firstByte, int packetId) {
        ByteBuf ack = ctx.alloc().ioBuffer(4);
        ack.writeByte(firstByte).writeByte(2).writeShort(packetId);
        ctx.write(ack, ctx.voidPromise());
        unflushedAcks = true;
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext context) {
        if (unflushedAcks) {
            unflushedAcks = false;
            context.flush();
        }
        context.fireChannelReadComplete();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext context) {
        if (context.channel().isWritable()) {
            listener.onWritable();
        }
        context.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) {
        IOException closed = new IOException(clientId + ": connection closed");
        connected.completeExceptionally(closed);
        subscribed.completeExceptionally(closed);
        context.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
        connected.completeExceptionally(cause);
        context.close();
    }
}
