package io.petrel.session;

import io.petrel.message.Qos;
import io.petrel.routing.Delivery;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * Outbound QoS 1 and 2 messages that wait for their acknowledgement, by packet identifier, in send order.
 * A packet identifier is never reused while its message is in flight [MQTT-2.3.1-2]. Confined to the
 * session's owner thread.
 */
final class InflightWindow {

    /** A message in flight; {@code released} once its PUBREC arrived and PUBREL was sent (QoS 2). */
    static final class Entry {
        final int packetId;
        final Delivery delivery;
        boolean released;
        /** Sent on an earlier connection, not yet again on the current one. */
        boolean awaitingResend;

        Entry(int packetId, Delivery delivery) {
            this.packetId = packetId;
            this.delivery = delivery;
        }
    }

    /** Shared by every window with nothing in flight yet: an idle session allocates no map. */
    private static final Map<Integer, Entry> NOTHING_YET = Map.of();

    private Map<Integer, Entry> entries = NOTHING_YET;
    private int capacity;
    private int lastPacketId;
    private int awaitingResend;

    InflightWindow(int capacity) {
        this.capacity = capacity;
    }

    void setCapacity(int capacity) {
        this.capacity = capacity;
    }

    boolean isFull() {
        return entries.size() >= capacity;
    }

    /** After a reconnect: every entry is to be sent again on the new connection. */
    void markAllForResend() {
        entries.values().forEach(entry -> entry.awaitingResend = true);
        awaitingResend = entries.size();
    }

    boolean hasResends() {
        return awaitingResend > 0;
    }

    /**
     * The oldest entry still to be resent, marked as resent, while fewer than {@code capacity} entries are
     * out on the current connection (a client may lower its receive maximum when it reconnects); else null.
     */
    @Nullable Entry nextResend() {
        if (awaitingResend == 0 || entries.size() - awaitingResend >= capacity) {
            return null;
        }
        for (Entry entry : entries.values()) {
            if (entry.awaitingResend) {
                entry.awaitingResend = false;
                awaitingResend--;
                return entry;
            }
        }
        return null;
    }

    int size() {
        return entries.size();
    }

    /** The delivery in flight with this packet identifier, if any. */
    @Nullable Delivery get(int packetId) {
        Entry entry = entries.get(packetId);
        return entry == null ? null : entry.delivery;
    }

    /** Takes the next free packet identifier for a delivery. */
    int add(Delivery delivery) {
        int packetId = lastPacketId;
        do {
            packetId = packetId == 65535 ? 1 : packetId + 1;
        } while (entries.containsKey(packetId));
        lastPacketId = packetId;
        if (entries == NOTHING_YET) {
            entries = new LinkedHashMap<>();
        }
        entries.put(packetId, new Entry(packetId, delivery));
        return packetId;
    }

    /** PUBACK of a QoS 1 message: true when it was in flight. */
    boolean acknowledge(int packetId) {
        return removeIf(packetId, Qos.AT_LEAST_ONCE, false);
    }

    /** PUBREC of a QoS 2 message: true when it was in flight (a repeated PUBREC is answered again). */
    boolean release(int packetId) {
        Entry entry = entries.get(packetId);
        if (entry == null || entry.delivery.qos() != Qos.EXACTLY_ONCE) {
            return false;
        }
        entry.released = true;
        return true;
    }

    /** PUBREC with an error reason code: the QoS 2 message leaves the window unreleased. */
    boolean refuse(int packetId) {
        return removeIf(packetId, Qos.EXACTLY_ONCE, false);
    }

    /** PUBCOMP of a QoS 2 message: true when it was released. */
    boolean complete(int packetId) {
        return removeIf(packetId, Qos.EXACTLY_ONCE, true);
    }

    private boolean removeIf(int packetId, Qos qos, boolean released) {
        Entry entry = entries.get(packetId);
        if (entry == null || entry.delivery.qos() != qos || entry.released != released) {
            return false;
        }
        entries.remove(packetId);
        if (entry.awaitingResend) {
            awaitingResend--;
        }
        return true;
    }

    /** Removes the messages not yet released (no PUBREC yet) that match, in send order. */
    List<Delivery> takeUnreleased(Predicate<Delivery> which) {
        List<Delivery> taken = new ArrayList<>();
        Iterator<Entry> iterator = entries.values().iterator();
        while (iterator.hasNext()) {
            Entry entry = iterator.next();
            if (!entry.released && which.test(entry.delivery)) {
                taken.add(entry.delivery);
                iterator.remove();
                if (entry.awaitingResend) {
                    awaitingResend--;
                }
            }
        }
        return taken;
    }

    /** The entries in the order they were first sent, for resending after a reconnect. */
    Collection<Entry> entries() {
        return entries.values();
    }

    void clear() {
        entries = NOTHING_YET;
        awaitingResend = 0;
    }
}
