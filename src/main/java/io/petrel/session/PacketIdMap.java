package io.petrel.session;

import org.jspecify.annotations.Nullable;

/**
 * Values by packet identifier (1 to 65535), without boxing the keys: open addressing with linear probing in
 * arrays that double when half full. Not thread-safe.
 */
final class PacketIdMap<V> {

    private static final int INITIAL_CAPACITY = 16;

    private int[] keys = new int[INITIAL_CAPACITY]; // 0 marks a free slot: no packet identifier is 0
    private @Nullable Object[] values = new Object[INITIAL_CAPACITY];
    private int shift = 32 - Integer.numberOfTrailingZeros(INITIAL_CAPACITY);
    private int size;

    int size() {
        return size;
    }

    @SuppressWarnings("unchecked")
    @Nullable V get(int packetId) {
        int slot = slotOf(packetId);
        return keys[slot] == packetId ? (V) values[slot] : null;
    }

    boolean containsKey(int packetId) {
        return keys[slotOf(packetId)] == packetId;
    }

    void put(int packetId, V value) {
        if (2 * (size + 1) > keys.length) {
            grow();
        }
        int slot = slotOf(packetId);
        if (keys[slot] != packetId) {
            keys[slot] = packetId;
            size++;
        }
        values[slot] = value;
    }

    void remove(int packetId) {
        int slot = slotOf(packetId);
        if (keys[slot] != packetId) {
            return;
        }
        size--;
        // Shift later entries of the same probe run back into the gap, so that lookups need no tombstones.
        int mask = keys.length - 1;
        int gap = slot;
        for (int next = (gap + 1) & mask; keys[next] != 0; next = (next + 1) & mask) {
            int home = home(keys[next]);
            boolean movable = gap <= next ? home <= gap || home > next : home <= gap && home > next;
            if (movable) {
                keys[gap] = keys[next];
                values[gap] = values[next];
                gap = next;
            }
        }
        keys[gap] = 0;
        values[gap] = null;
    }

    /** The slot that holds {@code packetId}, or the free slot where it would go. */
    private int slotOf(int packetId) {
        int mask = keys.length - 1;
        int slot = home(packetId);
        while (keys[slot] != 0 && keys[slot] != packetId) {
            slot = (slot + 1) & mask;
        }
        return slot;
    }

    /** Fibonacci hashing: the top bits of the product, so consecutive identifiers spread over the table. */
    private int home(int packetId) {
        return (packetId * 0x9E3779B9) >>> shift;
    }

    private void grow() {
        int[] oldKeys = keys;
        Object[] oldValues = values;
        keys = new int[oldKeys.length * 2];
        values = new Object[oldKeys.length * 2];
        shift--;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != 0) {
                int slot = slotOf(oldKeys[i]);
                keys[slot] = oldKeys[i];
                values[slot] = oldValues[i];
            }
        }
    }
}
