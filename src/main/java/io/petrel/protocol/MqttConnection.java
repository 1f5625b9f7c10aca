package io.petrel.protocol;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import io.petrel.auth.ClientInfo;
import io.petrel.event.EventSink;
import io.petrel.message.Message;
import io.petrel.message.Qos;
import io.petrel.message.ReasonCode;
import io.petrel.routing.Delivery;
import io.petrel.session.ConnectionDetails;
import io.petrel.session.Session;
import io.petrel.session.SessionConnection;
import java.net.InetSocketAddress;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.jspecify.annotations.Nullable;

/**
 * One client connection's protocol state, and the session's way back to the network.
 *
 * <p>Threading: confined to the channel's event loop. While an asynchronous step (authentication, a
 * hook) is pending, reading stops and packets already decoded wait in {@code deferred}, so packets are
 * handled in the order they arrived.
 */
final class MqttConnection implements SessionConnection {

    private final ChannelHandlerContext ctx;
    private final ListenerContext listener;
    private final Consumer<MqttMessage> processor;
    private final boolean sendReasonMessages;
    private final EventSink events;
    private @Nullable ArrayDeque<MqttMessage> deferred; // allocated on first use: most connections never need it
    private boolean paused;

    boolean connectReceived;
    int protocolVersion = 4;
    @Nullable ClientInfo client;
    @Nullable Session session;
    @Nullable Will will;
    /** Whether CONNECT declared a will, even if it was discarded since: it was recorded beyond this node. */
    private boolean declaredWill;
    /** Closed because a newer connection took over the session. */
    boolean takenOver;
    /** MQTT 5: a session that CONNECT gave no expiry may not get one at DISCONNECT [MQTT-3.14.2-2]. */
    boolean connectExpiryWasZero;
    /** MQTT 5: what the client accepts, from its CONNECT. */
    long clientMaximumPacketSize = Long.MAX_VALUE;
    boolean problemInformation = true;
    TopicAliases topicAliases = NO_ALIASES;
    /** MQTT 5: the authentication method of the CONNECT, which AUTH packets must carry; null without one. */
    @Nullable String authenticationMethod;
    /** An enhanced-authentication exchange waiting for the client's next AUTH packet, if any. */
    @Nullable AuthExchange authExchange;
    /** Why the connection is ending, for the one log line when it has closed. */
    @Nullable String closeReason;
    /** The reason code that goes with {@link #closeReason}, for the disconnected event. */
    @Nullable ReasonCode closeReasonCode;
    /** What the CONNECT asked for, for the connection refused event. */
    @Nullable String requestedClientId;
    @Nullable String requestedUsername;
    /** Closes the connection if CONNECT does not complete in time; cancelled once it has. */
    @Nullable Future<?> connectTimeout;
    /** What operators see of the connection; set when CONNECT is accepted. */
    private @Nullable ConnectionDetails details;

    private static final TopicAliases NO_ALIASES = new TopicAliases(0, 0);

    MqttConnection(ChannelHandlerContext ctx, ListenerContext listener, boolean sendReasonMessages,
            EventSink events, Consumer<MqttMessage> processor) {
        this.ctx = ctx;
        this.listener = listener;
        this.sendReasonMessages = sendReasonMessages;
        this.events = events;
        this.processor = processor;
    }

    /** Where this connection's lifecycle events go. */
    EventSink events() {
        return events;
    }

    ChannelHandlerContext ctx() {
        return ctx;
    }

    String listener() {
        return listener.name();
    }

    CertificateIdentity certificateIdentity() {
        return listener.certificateIdentity();
    }

    ProtocolMetrics metrics() {
        return listener.metrics();
    }

    InetSocketAddress remoteAddress() {
        return ClientAddress.of(ctx.channel());
    }

    /** The client's verified certificate chain, client certificate first; empty without mutual TLS. */
    List<X509Certificate> peerCertificates() {
        SslHandler tls = ctx.pipeline().get(SslHandler.class);
        if (tls == null) {
            return List.of();
        }
        try {
            List<X509Certificate> chain = new ArrayList<>();
            for (Certificate certificate : tls.engine().getSession().getPeerCertificates()) {
                if (certificate instanceof X509Certificate x509) {
                    chain.add(x509);
                }
            }
            return chain;
        } catch (SSLPeerUnverifiedException e) {
            return List.of(); // the client presented no certificate
        }
    }

    String clientId() {
        ClientInfo current = client;
        return current == null ? "(not connected)" : current.clientId();
    }

    boolean declaredWill() {
        return declaredWill;
    }

    void declareWill(Will declared) {
        will = declared;
        declaredWill = true;
    }

    boolean isConnected() {
        return client != null;
    }

    /** Handles a packet now, or after the pending asynchronous step. */
    void receive(MqttMessage message) {
        if (paused) {
            if (deferred == null) {
                deferred = new ArrayDeque<>(4);
            }
            deferred.add(message);
        } else {
            processor.accept(message);
        }
    }

    /**
     * Continues with the outcome of {@code stage}: at once when it is already complete (the in-memory fast
     * path), otherwise on this event loop when it completes, with reading paused until then. The
     * continuation runs even when the channel closed meanwhile, so it can release what it holds.
     */
    <T> void continueWith(CompletionStage<T> stage, BiConsumer<@Nullable T, @Nullable Throwable> then) {
        if (stage instanceof CompletableFuture<T> future && future.isDone()) {
            T value = null;
            Throwable failure = null;
            try {
                value = future.join();
            } catch (CompletionException | java.util.concurrent.CancellationException e) {
                failure = e.getCause() == null ? e : e.getCause();
            }
            then.accept(value, failure);
            return;
        }
        pause();
        stage.whenComplete((value, failure) -> {
            // Completed on this event loop (a session hand-over): continue in the same task, leaving no gap
            // in which other work for this connection could slip in.
            if (ctx.executor().inEventLoop()) {
                continueAfterPause(value, failure, then);
            } else {
                ctx.executor().execute(() -> continueAfterPause(value, failure, then));
            }
        });
    }

    private <T> void continueAfterPause(@Nullable T value, @Nullable Throwable failure,
            BiConsumer<@Nullable T, @Nullable Throwable> then) {
        paused = false;
        then.accept(value, failure);
        resume();
    }

    void pause() {
        paused = true;
        ctx.channel().config().setAutoRead(false);
    }

    private void resume() {
        MqttMessage next;
        while (!paused && deferred != null && (next = deferred.poll()) != null) {
            if (ctx.channel().isActive()) {
                processor.accept(next);
            } else {
                ReferenceCountUtil.release(next);
            }
        }
        if (!paused) {
            ctx.channel().config().setAutoRead(true);
        }
    }

    /** Releases packets still waiting; called when the channel has closed. */
    void discardDeferred() {
        MqttMessage next;
        while (deferred != null && (next = deferred.poll()) != null) {
            ReferenceCountUtil.release(next);
        }
    }

    void write(Object message) {
        ctx.write(message, ctx.voidPromise());
    }

    void writeAndFlush(Object message) {
        ctx.writeAndFlush(message, ctx.voidPromise());
    }

    @Override
    public Executor executor() {
        return ctx.executor();
    }

    /**
     * Whether more can be written now. Unflushed writes count against the channel's high water mark, so
     * when it is reached the pending bytes are flushed first: the connection is only unwritable when the
     * socket itself cannot take more.
     */
    @Override
    public boolean isWritable() {
        if (!ctx.channel().isWritable()) {
            ctx.flush();
        }
        return ctx.channel().isWritable();
    }

    boolean isMqtt5() {
        return protocolVersion == 5;
    }

    /** Without a topic alias: the form {@link #sendPublish} can always fall back to. */
    @Override
    public boolean fits(Delivery delivery) {
        return fits(delivery, new TopicAliases.Outbound(delivery.message().topic(), 0), delivery.qos() != Qos.AT_MOST_ONCE);
    }

    private boolean fits(Delivery delivery, TopicAliases.Outbound target, boolean hasPacketId) {
        if (clientMaximumPacketSize == Long.MAX_VALUE) {
            return true;
        }
        MqttProperties properties = Packets.publishProperties(delivery, target.alias(), System.currentTimeMillis());
        return PublishPacket.size(target.topic(), hasPacketId, properties, isMqtt5(), delivery.message().payload().length)
                <= clientMaximumPacketSize;
    }

    @Override
    public void sendPublish(Delivery delivery, int packetId, boolean duplicate) {
        TopicAliases.Outbound target = topicAliases.outbound(delivery.message().topic(),
                candidate -> fits(delivery, candidate, packetId != 0));
        MqttProperties properties = Packets.publishProperties(delivery, target.alias(), System.currentTimeMillis());
        write(PublishPacket.encode(ctx.alloc(), delivery, target.topic(), packetId, duplicate, properties, isMqtt5()));
        Message message = delivery.message();
        // A resend, or a PUBLISH with the retain flag (above all retained messages sent on subscribe), waited
        // for other reasons than the broker's work: it is no delivery latency.
        long latency = delivery.retain() || duplicate ? -1 : System.nanoTime() - message.receivedAtNanos();
        listener.metrics().sent(delivery.qos(), message.payload().length, latency);
    }

    @Override
    public void sendPubrel(int packetId) {
        writeAck(MqttMessageType.PUBREL, packetId, ReasonCode.SUCCESS, MqttProperties.NO_PROPERTIES);
    }

    /** A PUBACK, PUBREC, PUBREL or PUBCOMP, not flushed yet. */
    void writeAck(MqttMessageType type, int packetId, ReasonCode reasonCode, MqttProperties properties) {
        write(AckPacket.encode(ctx.alloc(), type, packetId, reasonCode, properties, isMqtt5()));
    }

    /**
     * A reason string for this client: only when it accepts problem information, the broker sends them, and
     * the packet (of {@code sizeWithout} bytes without it) stays within the client's maximum packet size
     * [MQTT-3.14.2-3].
     */
    @Nullable String reasonString(String reason, int sizeWithout) {
        if (!sendReasonMessages || !problemInformation || !isMqtt5()) {
            return null;
        }
        long withReason = sizeWithout + 3L + reason.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        return withReason <= clientMaximumPacketSize ? reason : null;
    }

    @Override
    public void flush() {
        ctx.flush();
    }

    /** Records what operators see of the connection; called when its CONNECT is accepted. */
    void recordDetails(ConnectAttempt attempt) {
        details = new ConnectionDetails(listener.name(), remoteAddress(), protocolVersion,
                attempt.request().username(), attempt.keepAliveSeconds(), attempt.cleanStart(),
                System.currentTimeMillis());
    }

    @Override
    public ConnectionDetails details() {
        ConnectionDetails recorded = details;
        if (recorded == null) {
            throw new IllegalStateException("a session attaches only after CONNECT was accepted");
        }
        return recorded;
    }

    @Override
    public void closeForAdministrator() {
        Disconnector.close(this, ReasonCode.ADMINISTRATIVE_ACTION, "disconnected by an administrator");
    }

    @Override
    public void closeForTakeover() {
        session = null; // the session now belongs to the newer connection
        takenOver = true;
        Disconnector.close(this, ReasonCode.SESSION_TAKEN_OVER, "another connection took over the session");
    }
}
