package io.petrel.message;

import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * An application message as the broker routes it: immutable once built. The payload array is shared
 * between all subscribers and is never modified.
 *
 * @param topic the topic name
 * @param payload the payload bytes
 * @param qos the QoS it was published with
 * @param retain whether it was published as retained
 * @param properties MQTT 5 properties passed on to subscribers
 * @param expiresAt when the message expires (epoch milliseconds), or {@link #NEVER}
 * @param origin the client id of the publisher, or null for messages the broker makes itself
 * @param receivedAtNanos when this node received it ({@link System#nanoTime()}), for the publish-to-delivery
 *     latency
 */
public record Message(String topic, byte[] payload, Qos qos, boolean retain, MessageProperties properties,
        long expiresAt, @Nullable String origin, long receivedAtNanos) {

    /** {@link #expiresAt()} of a message without an expiry interval. */
    public static final long NEVER = Long.MAX_VALUE;

    /** A message received now. */
    public Message(String topic, byte[] payload, Qos qos, boolean retain, MessageProperties properties,
            long expiresAt, @Nullable String origin) {
        this(topic, payload, qos, retain, properties, expiresAt, origin, System.nanoTime());
    }

    /** A message without MQTT 5 properties, expiry or origin, received now. */
    public Message(String topic, byte[] payload, Qos qos, boolean retain) {
        this(topic, payload, qos, retain, MessageProperties.NONE, NEVER, null);
    }

    public static Message of(String topic, String payload, Qos qos, boolean retain) {
        return new Message(topic, payload.getBytes(StandardCharsets.UTF_8), qos, retain);
    }

    /** A retained message with an empty payload deletes the retained message of its topic. */
    public boolean clearsRetained() {
        return retain && payload.length == 0;
    }

    public boolean isExpired(long nowMillis) {
        return expiresAt != NEVER && nowMillis >= expiresAt;
    }

    /**
     * The message expiry interval to send on, in whole seconds rounded up, or -1 when the message does
     * not expire [MQTT-3.3.2-6].
     */
    public long remainingExpirySeconds(long nowMillis) {
        if (expiresAt == NEVER) {
            return -1;
        }
        return Math.max(0, (expiresAt - nowMillis + 999) / 1000);
    }

    /** The same message under another topic name, e.g. rewritten by a {@code PublishInterceptor}. */
    public Message withTopic(String newTopic) {
        return new Message(newTopic, payload, qos, retain, properties, expiresAt, origin, receivedAtNanos);
    }

    /** The same message with another payload. */
    public Message withPayload(byte[] newPayload) {
        return new Message(topic, newPayload, qos, retain, properties, expiresAt, origin, receivedAtNanos);
    }

    /** The same message with other MQTT 5 properties. */
    public Message withProperties(MessageProperties newProperties) {
        return new Message(topic, payload, qos, retain, newProperties, expiresAt, origin, receivedAtNanos);
    }

    /** The same message with another expiry time, e.g. a retained-message TTL that is shorter. */
    public Message withExpiresAt(long newExpiresAt) {
        return new Message(topic, payload, qos, retain, properties, newExpiresAt, origin, receivedAtNanos);
    }

    @Override
    public String toString() {
        return "Message[topic=" + topic + ", qos=" + qos.value() + ", retain=" + retain + ", bytes=" + payload.length + "]";
    }
}
