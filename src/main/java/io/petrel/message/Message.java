package io.petrel.message;

import java.nio.charset.StandardCharsets;

/**
 * An application message as the broker routes it: immutable once built. The payload array is shared
 * between all subscribers and is never modified.
 */
public record Message(String topic, byte[] payload, Qos qos, boolean retain) {

    public static Message of(String topic, String payload, Qos qos, boolean retain) {
        return new Message(topic, payload.getBytes(StandardCharsets.UTF_8), qos, retain);
    }

    /** A retained message with an empty payload deletes the retained message of its topic. */
    public boolean clearsRetained() {
        return retain && payload.length == 0;
    }

    @Override
    public String toString() {
        return "Message[topic=" + topic + ", qos=" + qos.value() + ", retain=" + retain + ", bytes=" + payload.length + "]";
    }
}
