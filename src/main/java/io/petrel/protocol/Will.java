package io.petrel.protocol;

import io.petrel.message.Message;

/**
 * A will message as CONNECT declared it. Its expiry interval counts from the moment it is published, so
 * the message is completed only then.
 *
 * @param message the will message, without expiry
 * @param delaySeconds MQTT 5 will delay interval
 * @param expirySeconds MQTT 5 message expiry interval, or -1 for none
 */
record Will(Message message, long delaySeconds, long expirySeconds) {

    Message toMessage(long nowMillis) {
        return expirySeconds < 0 ? message : message.withExpiresAt(nowMillis + expirySeconds * 1000);
    }
}
