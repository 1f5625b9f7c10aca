package io.petrel.session;

import io.petrel.message.Qos;
import io.petrel.routing.Delivery;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The outbound half of a session: decides for each delivery whether it is written now, held in the queue,
 * or dropped (expired, too large for the client, QoS 0 while offline, queue full), and keeps the in-flight
 * window within the client's receive maximum. Confined to the session's owner thread.
 */
final class Outbox {

    private final Session session;
    private final SessionListener listener;
    private final InflightWindow inflight;
    private final MessageQueue queue;

    Outbox(Session session, SessionSettings settings, SessionListener listener) {
        this.session = session;
        this.listener = listener;
        this.inflight = new InflightWindow(settings.maxInflightMessages());
        this.queue = new MessageQueue(settings.maxQueuedMessages(), settings.dropPolicy());
    }

    /** Sends or holds one delivery; returns true when something was written. */
    boolean offer(Delivery delivery, @Nullable SessionConnection connection) {
        if (connection == null && delivery.qos() == Qos.AT_MOST_ONCE) {
            listener.onDropped(session, delivery, DropReason.OFFLINE_QOS0);
            return false;
        }
        if (connection != null && queue.isEmpty() && canSend(connection, delivery)) {
            return send(connection, delivery);
        }
        Delivery dropped = queue.offer(delivery);
        if (dropped != null) {
            listener.onDropped(session, dropped, DropReason.QUEUE_FULL);
        }
        return false;
    }

    private boolean canSend(SessionConnection connection, Delivery delivery) {
        return connection.isWritable() && (delivery.qos() == Qos.AT_MOST_ONCE || !inflight.isFull());
    }

    private boolean send(SessionConnection connection, Delivery delivery) {
        if (delivery.message().isExpired(System.currentTimeMillis())) {
            listener.onDropped(session, delivery, DropReason.EXPIRED); // [MQTT-3.3.2-5]
            return false;
        }
        if (!connection.fits(delivery)) {
            listener.onDropped(session, delivery, DropReason.TOO_LARGE); // [MQTT-3.1.2-25]
            return false;
        }
        int packetId = delivery.qos() == Qos.AT_MOST_ONCE ? 0 : inflight.add(delivery);
        connection.sendPublish(delivery, packetId, false);
        listener.onDelivered(session, delivery, packetId, false);
        return true;
    }

    /**
     * A connection attached: everything in flight is sent again (PUBLISH with DUP, or PUBREL) as far as
     * its receive maximum allows, then what was queued.
     */
    void resume(SessionConnection connection, int receiveMaximum) {
        inflight.setCapacity(receiveMaximum);
        inflight.markAllForResend();
        sendWaiting(connection);
    }

    /** Sends resends and queued deliveries while the connection is writable and the window has room. */
    boolean sendWaiting(@Nullable SessionConnection connection) {
        if (connection == null) {
            return false;
        }
        boolean wrote = false;
        InflightWindow.Entry resend;
        while (connection.isWritable() && (resend = inflight.nextResend()) != null) {
            if (resend.released) {
                connection.sendPubrel(resend.packetId);
            } else {
                connection.sendPublish(resend.delivery, resend.packetId, true); // [MQTT-4.4.0-1]
                listener.onDelivered(session, resend.delivery, resend.packetId, true);
            }
            wrote = true;
        }
        Delivery head;
        while ((head = queue.peek()) != null && !inflight.hasResends() && canSend(connection, head)) {
            queue.poll();
            wrote |= send(connection, head);
        }
        return wrote;
    }

    boolean acknowledge(int packetId) {
        Delivery delivery = inflight.get(packetId);
        return inflight.acknowledge(packetId) && acknowledged(delivery, packetId);
    }

    boolean release(int packetId) {
        return inflight.release(packetId);
    }

    boolean complete(int packetId) {
        Delivery delivery = inflight.get(packetId);
        return inflight.complete(packetId) && acknowledged(delivery, packetId);
    }

    /** Tells the listener about an acknowledged delivery; always true, for chaining after the window's answer. */
    private boolean acknowledged(@Nullable Delivery delivery, int packetId) {
        if (delivery != null) {
            listener.onAcknowledged(session, delivery, packetId);
        }
        return true;
    }

    boolean refused(int packetId) {
        return inflight.refuse(packetId);
    }

    int queued() {
        return queue.size();
    }

    int inflight() {
        return inflight.size();
    }

    long dropped() {
        return queue.dropped();
    }

    /**
     * Removes and returns the QoS 1 and 2 deliveries picked for a shared subscription group that are in
     * flight (unreleased) or queued, for the group's other members.
     */
    List<Delivery> takeShared() {
        List<Delivery> taken = new ArrayList<>(inflight.takeUnreleased(delivery -> delivery.sharedGroup() != null));
        taken.addAll(queue.take(delivery -> delivery.sharedGroup() != null && delivery.qos() != Qos.AT_MOST_ONCE));
        return taken;
    }

    /**
     * Takes every QoS 1 and 2 delivery not yet acknowledged, in flight first (in send order) and then queued:
     * for a session that moves to another node. QoS 2 messages already released (PUBREL sent) stay: the
     * client has them.
     */
    List<Delivery> takeUnacknowledged() {
        List<Delivery> taken = new ArrayList<>(inflight.takeUnreleased(delivery -> true));
        taken.addAll(queue.take(delivery -> delivery.qos() != Qos.AT_MOST_ONCE));
        return taken;
    }

    void clear() {
        inflight.clear();
        queue.clear();
    }
}
