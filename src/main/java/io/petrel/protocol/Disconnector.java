package io.petrel.protocol;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttProperties.MqttPropertyType;
import io.petrel.message.ReasonCode;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way the broker ends a connection: records why, tells an MQTT 5 client with a DISCONNECT carrying
 * the reason code, and closes. A refused CONNECT gets its CONNACK instead. Why is logged once: here, in one
 * line, when an accepted client sent what the broker cannot accept; when the channel has closed, for a
 * connection that never completed CONNECT; and otherwise only by the connection log, when it is on.
 */
final class Disconnector {

    private static final Logger log = LoggerFactory.getLogger(Disconnector.class);

    /**
     * Reasons for closing that are not the client's input: the lifecycle of a connection (the connection log
     * reports them, when it is on), not bad input, which is always logged.
     */
    private static final Set<ReasonCode> NOT_BAD_INPUT = EnumSet.of(ReasonCode.SERVER_SHUTTING_DOWN,
            ReasonCode.USE_ANOTHER_SERVER, ReasonCode.SESSION_TAKEN_OVER, ReasonCode.ADMINISTRATIVE_ACTION,
            ReasonCode.KEEP_ALIVE_TIMEOUT, ReasonCode.MAXIMUM_CONNECT_TIME);

    /** CONNACK, remaining length 2, no session present, return code 1 (unacceptable protocol version). */
    private static final byte[] UNACCEPTABLE_PROTOCOL_VERSION_CONNACK = {0x20, 0x02, 0x00, 0x01};

    /** Bytes of a DISCONNECT with a reason code and no properties: header, length, reason, property length. */
    private static final int DISCONNECT_SIZE = 4;

    /** Bytes of a refusing CONNACK without properties: header, length, flags, reason, property length. */
    private static final int CONNACK_SIZE = 5;

    private Disconnector() {}

    /**
     * Closes the connection. An MQTT 5 client that completed CONNECT first receives DISCONNECT with the
     * reason code (and the reason string, when allowed); MQTT 3.1 and 3.1.1 have no server DISCONNECT.
     */
    static void close(MqttConnection connection, ReasonCode reason, String detail) {
        close(connection, reason, detail, null);
    }

    /**
     * Closes the connection, telling an MQTT 5 client to reconnect to another server: DISCONNECT 0x9C (use
     * another server) with the server reference. Others just see the connection close.
     */
    static void redirect(MqttConnection connection, String serverReference, String detail) {
        close(connection, ReasonCode.USE_ANOTHER_SERVER, detail, serverReference);
    }

    private static void close(MqttConnection connection, ReasonCode reason, String detail,
            @Nullable String serverReference) {
        if (record(connection, reason, detail) && connection.isConnected() && !NOT_BAD_INPUT.contains(reason)) {
            log.info("Closing the connection of client {} from {}: {}", connection.clientId(),
                    connection.remoteAddress(), connection.closeReason);
        }
        if (connection.isMqtt5() && connection.isConnected() && connection.ctx().channel().isActive()) {
            MqttProperties properties = disconnectProperties(connection, detail, serverReference);
            connection.ctx().writeAndFlush(Packets.disconnect(reason, properties)).addListener(ChannelFutureListener.CLOSE);
        } else {
            connection.ctx().close();
        }
    }

    private static MqttProperties disconnectProperties(MqttConnection connection, String detail,
            @Nullable String serverReference) {
        if (serverReference == null) {
            return Packets.reasonString(connection.reasonString(detail, DISCONNECT_SIZE));
        }
        // A string property takes its identifier byte, a two-byte length and the UTF-8 bytes.
        int referenceSize = 3 + serverReference.getBytes(StandardCharsets.UTF_8).length;
        MqttProperties properties = new MqttProperties();
        V5Properties.addString(properties, MqttPropertyType.SERVER_REFERENCE, serverReference);
        V5Properties.addString(properties, MqttPropertyType.REASON_STRING,
                connection.reasonString(detail, DISCONNECT_SIZE + referenceSize));
        return properties;
    }

    /** Refuses a CONNECT with a CONNACK carrying {@code reason} (the nearest return code for 3.1.1), then closes. */
    static void refuse(MqttConnection connection, ReasonCode reason, String detail) {
        record(connection, reason, detail);
        ConnectionEvents.refused(connection, reason, detail);
        MqttProperties properties = Packets.reasonString(connection.reasonString(detail, CONNACK_SIZE));
        connection.ctx().writeAndFlush(Packets.connAck(connection.protocolVersion, reason, false, properties))
                .addListener(ChannelFutureListener.CLOSE);
    }

    /**
     * Refuses a CONNECT whose protocol level is not accepted. The CONNACK goes out in the MQTT 3.1.1 layout
     * (return code 1) whatever level the client asked for: that is the answer every client version can read,
     * while the codec would otherwise encode it in the layout of the refused level.
     */
    static void refuseProtocolLevel(MqttConnection connection, String detail) {
        record(connection, ReasonCode.UNSUPPORTED_PROTOCOL_VERSION, detail);
        ConnectionEvents.refused(connection, ReasonCode.UNSUPPORTED_PROTOCOL_VERSION, detail);
        connection.ctx().writeAndFlush(Unpooled.wrappedBuffer(UNACCEPTABLE_PROTOCOL_VERSION_CONNACK))
                .addListener(ChannelFutureListener.CLOSE);
    }

    /** Records the first reason for closing; returns whether this was it. */
    private static boolean record(MqttConnection connection, ReasonCode reason, String detail) {
        if (connection.closeReason != null) {
            return false;
        }
        connection.closeReason = reason + ": " + detail;
        connection.closeReasonCode = reason;
        return true;
    }
}
