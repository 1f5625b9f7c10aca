package io.petrel.protocol;

import io.netty.channel.ChannelFutureListener;
import io.petrel.message.ReasonCode;

/**
 * The one way the broker ends a connection: records why (logged once, when the channel has closed) and
 * closes. A refused CONNECT gets its CONNACK first.
 */
final class Disconnector {

    private Disconnector() {}

    /** Closes the connection; MQTT 3.1 and 3.1.1 have no server DISCONNECT, so the socket just closes. */
    static void close(MqttConnection connection, ReasonCode reason, String detail) {
        record(connection, reason, detail);
        connection.ctx().close();
    }

    /** Refuses a CONNECT with the CONNACK return code nearest to {@code reason}, then closes. */
    static void refuse(MqttConnection connection, ReasonCode reason, String detail) {
        record(connection, reason, detail);
        connection.ctx().writeAndFlush(Packets.connAck(reason, false)).addListener(ChannelFutureListener.CLOSE);
    }

    private static void record(MqttConnection connection, ReasonCode reason, String detail) {
        if (connection.closeReason == null) {
            connection.closeReason = reason + ": " + detail;
        }
    }
}
