package io.petrel.protocol;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttIdentifierRejectedException;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties.MqttPropertyType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttReasonCodeAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttSubscribeMessage;
import io.netty.handler.codec.mqtt.MqttUnacceptableProtocolVersionException;
import io.netty.handler.codec.mqtt.MqttUnsubscribeMessage;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import io.petrel.message.ReasonCode;
import io.petrel.routing.Delivery;
import io.petrel.session.Session;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One per channel: checks each decoded packet, enforces the CONNECT-first rule and dispatches to the
 * flow for its type. Ends with one log line per connection. Runs on the channel's event loop only.
 */
public final class MqttConnectionHandler extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(MqttConnectionHandler.class);

    private final Broker broker;
    private final Flows flows;
    private final ListenerContext listener;
    private @Nullable MqttConnection connection;
    /**
     * After a malformed packet nothing more from the client is read: the connection is closing, and an MQTT
     * stream cannot be resynchronised after one. Netty's decoder discards what follows a malformed
     * packet, but packets that {@link MessageFlowDecoder} split off before it may still be on their way.
     */
    private boolean malformedInput;

    public MqttConnectionHandler(Broker broker, Flows flows, ListenerContext listener) {
        this.broker = broker;
        this.flows = flows;
        this.listener = listener;
    }

    /** The flow objects, stateless and shared by every connection of a broker. */
    public static final class Flows {
        final ConnectFlow connect;
        final PublishFlow publish;
        final SubscribeFlow subscribe;
        final EnhancedAuthFlow auth;

        public Flows(Broker broker) {
            this.connect = new ConnectFlow(broker);
            this.auth = connect.enhancedAuth();
            this.publish = new PublishFlow(broker);
            this.subscribe = new SubscribeFlow(broker);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        MqttConnection created = new MqttConnection(ctx, listener, broker.settings().sendReasonMessages(),
                broker.events(), this::process);
        connection = created;
        created.connectTimeout = ctx.executor().schedule(() -> {
            if (!created.isConnected() && ctx.channel().isActive()) {
                Disconnector.close(created, ReasonCode.MAXIMUM_CONNECT_TIME, "no CONNECT within "
                        + broker.settings().connectTimeout().toMillis() + " ms (mqtt.connect-timeout)");
            }
        }, broker.settings().connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        MqttConnection current = connection;
        if (current == null || !(msg instanceof MqttMessage message)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        current.receive(message);
    }

    private void process(MqttMessage message) {
        MqttConnection current = connection;
        if (current == null || malformedInput) {
            ReferenceCountUtil.release(message);
            return;
        }
        if (message.decoderResult().isFailure()) {
            ReferenceCountUtil.release(message);
            malformedInput = true;
            onDecoderFailure(current, message.decoderResult().cause());
            return;
        }
        boolean connectPacket = message instanceof MqttConnectMessage;
        // [MQTT-3.1.0-1] CONNECT comes first; [MQTT-3.1.0-2] and only once; AUTH may come before CONNACK
        boolean connectExchange = connectPacket || current.connectReceived
                && message.fixedHeader().messageType() == MqttMessageType.AUTH;
        String violation = connectPacket && current.connectReceived ? "second CONNECT"
                : !connectExchange && !current.isConnected() ? message.fixedHeader().messageType() + " before CONNECT"
                : null;
        if (violation != null) {
            ReferenceCountUtil.release(message);
            Disconnector.close(current, ReasonCode.PROTOCOL_ERROR, violation);
            return;
        }
        dispatch(current, message);
    }

    private void dispatch(MqttConnection current, MqttMessage message) {
        switch (message.fixedHeader().messageType()) {
            case CONNECT -> {
                current.connectReceived = true;
                ConnectionEvents.connectReceived(current, (MqttConnectMessage) message);
                flows.connect.onConnect(current, (MqttConnectMessage) message);
            }
            case PUBLISH -> flows.publish.onPublish(current, (MqttPublishMessage) message);
            case PUBACK, PUBREC, PUBREL, PUBCOMP -> flows.publish.onAcknowledgement(current, message);
            case SUBSCRIBE -> flows.subscribe.onSubscribe(current, (MqttSubscribeMessage) message);
            case UNSUBSCRIBE -> flows.subscribe.onUnsubscribe(current, (MqttUnsubscribeMessage) message);
            case PINGREQ -> current.writeAndFlush(MqttMessage.PINGRESP);
            case DISCONNECT -> onDisconnect(current, message);
            case AUTH -> flows.auth.onAuth(current, message);
            default -> {
                ReferenceCountUtil.release(message);
                Disconnector.close(current, ReasonCode.PROTOCOL_ERROR,
                        "a client must not send " + message.fixedHeader().messageType());
            }
        }
    }

    private void onDisconnect(MqttConnection current, MqttMessage disconnect) {
        int reasonCode = 0;
        if (disconnect.variableHeader() instanceof MqttReasonCodeAndPropertiesVariableHeader header) {
            reasonCode = header.reasonCode() & 0xFF;
            long expiry = V5Properties.unsignedInt(header.properties(), MqttPropertyType.SESSION_EXPIRY_INTERVAL, -1);
            if (expiry > 0 && current.connectExpiryWasZero) {
                Disconnector.close(current, ReasonCode.PROTOCOL_ERROR,
                        "session expiry set at DISCONNECT after CONNECT gave none"); // [MQTT-3.14.2-2]
                return;
            }
            Session session = current.session;
            if (expiry >= 0 && session != null) {
                session.setExpiryInterval(Math.min(expiry, broker.settings().maximumSessionExpirySeconds()));
            }
        }
        if (reasonCode != ReasonCode.DISCONNECT_WITH_WILL_MESSAGE.value()) {
            current.will = null; // [MQTT-3.14.4-3] a normal DISCONNECT discards the will
        }
        current.closeReason = "client sent DISCONNECT" + (reasonCode == 0 ? "" : " with reason code 0x"
                + Integer.toHexString(reasonCode));
        current.closeReasonCode = ReasonCode.of(reasonCode).orElse(ReasonCode.UNSPECIFIED_ERROR);
        current.ctx().close();
    }

    private void onDecoderFailure(MqttConnection current, Throwable cause) {
        boolean beforeConnack = !current.isConnected();
        if (beforeConnack && cause instanceof MqttUnacceptableProtocolVersionException) {
            Disconnector.refuseProtocolLevel(current, "unsupported protocol name or level");
        } else if (beforeConnack && cause instanceof MqttIdentifierRejectedException) {
            Disconnector.refuse(current, ReasonCode.CLIENT_IDENTIFIER_NOT_VALID, "client id rejected");
        } else if (cause instanceof TooLongFrameException) {
            Disconnector.close(current, ReasonCode.PACKET_TOO_LARGE, cause.getMessage() + " (mqtt.maximum-packet-size)");
        } else {
            Disconnector.close(current, ReasonCode.MALFORMED_PACKET, String.valueOf(cause.getMessage()));
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        MqttConnection current = connection;
        if (event instanceof IdleStateEvent && current != null) {
            Disconnector.close(current, ReasonCode.KEEP_ALIVE_TIMEOUT, "nothing received for 1.5 x keep alive");
        } else if (event instanceof ServerStopping stopping && current != null) {
            current.will = null;
            if (stopping.serverReference() == null) {
                Disconnector.close(current, ReasonCode.SERVER_SHUTTING_DOWN, "the server is shutting down");
            } else {
                Disconnector.redirect(current, stopping.serverReference(), "the server is shutting down");
            }
        } else {
            ctx.fireUserEventTriggered(event);
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        MqttConnection current = connection;
        if (ctx.channel().isWritable() && current != null && current.session != null) {
            current.session.onWritable();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        MqttConnection current = connection;
        if (current != null) {
            current.discardDeferred();
            Session session = current.session;
            Will will = current.will;
            if (will != null && current.isConnected()) {
                releaseWill(current, session, will);
            }
            if (current.isConnected() && current.declaredWill()) {
                broker.sessions().willChanged(current.clientId(), null, 0); // this node has dealt with it
            }
            if (session != null) {
                current.session = null;
                for (Delivery orphaned : broker.sessions().disconnect(session, current)) {
                    broker.publisher().redeliverToGroup(orphaned, session.clientId());
                }
            }
            if (!current.isConnected()) { // an accepted client's line comes from its disconnected event
                logClosedBeforeConnect(current);
            }
            ConnectionEvents.disconnected(current);
        }
        ctx.fireChannelInactive();
    }

    /**
     * The connection ended without a normal DISCONNECT [MQTT-3.1.2-8]: the will goes out now, or, with a
     * will delay, when the delay passes or the session ends, unless the client reconnects first. A session
     * taken over by a new connection has its client back already, so only an undelayed will goes out.
     */
    private void releaseWill(MqttConnection current, @Nullable Session session, Will will) {
        if (will.delaySeconds() == 0) {
            publishWill(will);
        } else if (session != null && !current.takenOver) {
            session.holdWill(will.message(), will.delaySeconds(), held -> publishWill(will));
        }
    }

    private void publishWill(Will will) {
        broker.publisher().publish(will.toMessage(System.currentTimeMillis()));
    }

    private static void logClosedBeforeConnect(MqttConnection current) {
        if (current.closeReason != null) {
            log.info("Connection from {} closed before CONNECT completed: {}", current.remoteAddress(),
                    current.closeReason);
        } else {
            log.debug("Connection from {} closed before CONNECT", current.remoteAddress());
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        MqttConnection current = connection;
        String transportError = TransportErrors.describe(cause);
        if (current != null && current.closeReason == null) {
            current.closeReason = transportError != null ? transportError : "internal error: " + cause;
        }
        if (transportError == null) {
            log.error("Unexpected error on connection of client {}", current == null ? "?" : current.clientId(), cause);
        }
        ctx.close();
    }
}
