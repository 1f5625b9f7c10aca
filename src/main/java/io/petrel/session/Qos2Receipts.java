package io.petrel.session;

import java.util.HashSet;
import java.util.Set;

/**
 * The packet identifiers of inbound QoS 2 messages received and not yet released by PUBREL: a resend of
 * one of them is acknowledged again but not routed again [MQTT-4.3.3-2]. Confined to the session's owner.
 */
final class Qos2Receipts {

    private final Set<Integer> awaitingRelease = new HashSet<>(4);

    /** Returns true the first time a packet id is seen, so the message is routed once. */
    boolean receive(int packetId) {
        return awaitingRelease.add(packetId);
    }

    /** PUBREL: forgets the packet id, which the client may now reuse. */
    void release(int packetId) {
        awaitingRelease.remove(packetId);
    }

    boolean isAwaitingRelease(int packetId) {
        return awaitingRelease.contains(packetId);
    }

    int size() {
        return awaitingRelease.size();
    }
}
