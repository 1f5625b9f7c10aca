package io.petrel.session;

import io.petrel.message.Qos;
import io.petrel.routing.Delivery;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * Outbound QoS 1 and 2 messages that wait for their acknowledgement, by packet identifier, in send order.
 * A packet identifier is never reused while its message is in flight [MQTT-2.3.1-2]. Confined to the
 * session's owner thread.
 *
 * <p>The entries are found by a map keyed by plain ints ({@link PacketIdMap}) and kept in send order by
 * links in the entries themselves, so a QoS 1 or 2 delivery allocates its entry and nothing else (a linked
 * hash map took a map entry and boxed identifiers too, a sixth of what the broker allocated per QoS 1
 * message, bench/RESULTS.md).
 */
final class InflightWindow {

    /** A message in flight; {@code released} once its PUBREC arrived and PUBREL was sent (QoS 2). */
    static final class Entry {
        final int packetId;
        final Delivery delivery;
        boolean released;
        /** Sent on an earlier connection, not yet again on the current one. */
        boolean awaitingResend;
        private @Nullable Entry older;
        private @Nullable Entry newer;

        Entry(int packetId, Delivery delivery) {
            this.packetId = packetId;
            this.delivery = delivery;
        }
    }

    /** Null while nothing was ever in flight: an idle session allocates no map. */
    private @Nullable PacketIdMap<Entry> byPacketId;
    private @Nullable Entry oldest;
    private @Nullable Entry newest;
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
        return size() >= capacity;
    }

    /** After a reconnect: every entry is to be sent again on the new connection. */
    void markAllForResend() {
        for (Entry entry = oldest; entry != null; entry = entry.newer) {
            entry.awaitingResend = true;
        }
        awaitingResend = size();
    }

    boolean hasResends() {
        return awaitingResend > 0;
    }

    /**
     * The oldest entry still to be resent, marked as resent, while fewer than {@code capacity} entries are
     * out on the current connection (a client may lower its receive maximum when it reconnects); else null.
     */
    @Nullable Entry nextResend() {
        if (awaitingResend == 0 || size() - awaitingResend >= capacity) {
            return null;
        }
        for (Entry entry = oldest; entry != null; entry = entry.newer) {
            if (entry.awaitingResend) {
                entry.awaitingResend = false;
                awaitingResend--;
                return entry;
            }
        }
        return null;
    }

    int size() {
        return byPacketId == null ? 0 : byPacketId.size();
    }

    /** The delivery in flight with this packet identifier, if any. */
    @Nullable Delivery get(int packetId) {
        Entry entry = find(packetId);
        return entry == null ? null : entry.delivery;
    }

    private @Nullable Entry find(int packetId) {
        return byPacketId == null ? null : byPacketId.get(packetId);
    }

    /** Takes the next free packet identifier for a delivery. */
    int add(Delivery delivery) {
        PacketIdMap<Entry> entries = byPacketId;
        if (entries == null) {
            entries = new PacketIdMap<>();
            byPacketId = entries;
        }
        int packetId = lastPacketId;
        do {
            packetId = packetId == 65535 ? 1 : packetId + 1;
        } while (entries.containsKey(packetId));
        lastPacketId = packetId;
        Entry entry = new Entry(packetId, delivery);
        entries.put(packetId, entry);
        entry.older = newest;
        if (newest == null) {
            oldest = entry;
        } else {
            newest.newer = entry;
        }
        newest = entry;
        return packetId;
    }

    /** PUBACK of a QoS 1 message: true when it was in flight. */
    boolean acknowledge(int packetId) {
        return removeIf(packetId, Qos.AT_LEAST_ONCE, false);
    }

    /** PUBREC of a QoS 2 message: true when it was in flight (a repeated PUBREC is answered again). */
    boolean release(int packetId) {
        Entry entry = find(packetId);
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
        Entry entry = find(packetId);
        if (entry == null || entry.delivery.qos() != qos || entry.released != released) {
            return false;
        }
        remove(entry);
        return true;
    }

    private void remove(Entry entry) {
        byPacketId.remove(entry.packetId);
        if (entry.older == null) {
            oldest = entry.newer;
        } else {
            entry.older.newer = entry.newer;
        }
        if (entry.newer == null) {
            newest = entry.older;
        } else {
            entry.newer.older = entry.older;
        }
        if (entry.awaitingResend) {
            awaitingResend--;
        }
    }

    /** Removes the messages not yet released (no PUBREC yet) that match, in send order. */
    List<Delivery> takeUnreleased(Predicate<Delivery> which) {
        List<Delivery> taken = new ArrayList<>();
        for (Entry entry = oldest; entry != null; entry = entry.newer) {
            if (!entry.released && which.test(entry.delivery)) {
                taken.add(entry.delivery);
                remove(entry); // leaves entry.newer as it was, so the walk goes on
            }
        }
        return taken;
    }

    /** A copy of the entries in the order they were first sent. */
    List<Entry> entries() {
        List<Entry> entries = new ArrayList<>(size());
        for (Entry entry = oldest; entry != null; entry = entry.newer) {
            entries.add(entry);
        }
        return entries;
    }

    void clear() {
        byPacketId = null;
        oldest = null;
        newest = null;
        awaitingResend = 0;
    }
}
