package io.petrel.session;

import io.petrel.routing.Delivery;
import java.util.concurrent.Executor;

/**
 * How a session reaches the network connection it is attached to. The protocol layer implements it;
 * every method is called on {@link #executor()}, the connection's event loop, and writes without flushing.
 */
public interface SessionConnection {

    /** The single thread that owns the connection and, while attached, its session. */
    Executor executor();

    /** False while the socket's outbound buffer is full: the session queues instead of writing. */
    boolean isWritable();

    /** Whether the delivery, as a PUBLISH packet, is within the maximum packet size the client accepts. */
    boolean fits(Delivery delivery);

    /** Writes a PUBLISH; {@code packetId} is 0 for QoS 0. */
    void sendPublish(Delivery delivery, int packetId, boolean duplicate);

    /** Writes a PUBREL for an outbound QoS 2 message whose PUBREC arrived. */
    void sendPubrel(int packetId);

    void flush();

    /** Closes the connection because a newer connection with the same client id took its session. */
    void closeForTakeover();

    /** Who is connected, from where and how; known once the connection's CONNECT was accepted. */
    ConnectionDetails details();

    /** Closes the connection because an operator asked for it (MQTT 5: DISCONNECT 0x98, administrative action). */
    void closeForAdministrator();
}
