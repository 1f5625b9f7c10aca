package io.petrel.admin;

import io.petrel.message.Message;
import io.petrel.message.UserProperty;
import java.util.Base64;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A retained message as the API shows it.
 *
 * @param topic the topic name
 * @param payload the payload: UTF-8 text as it is, other bytes in Base64
 * @param encoding {@code text} or {@code base64}
 * @param qos the QoS it was published with
 * @param messageExpiryIntervalSeconds MQTT 5: the seconds left before it expires, or null when it does not
 * @param contentType MQTT 5: the content type
 * @param userProperties MQTT 5: the user properties, in order
 */
record RetainedMessageView(String topic, String payload, String encoding, int qos,
        @Nullable Long messageExpiryIntervalSeconds, @Nullable String contentType,
        List<UserProperty> userProperties) {

    static RetainedMessageView of(Message message, long nowMillis) {
        String text = Payloads.text(message.payload());
        long expiry = message.remainingExpirySeconds(nowMillis);
        return new RetainedMessageView(message.topic(),
                text != null ? text : Base64.getEncoder().encodeToString(message.payload()),
                text != null ? Payloads.TEXT : Payloads.BASE64, message.qos().value(), expiry < 0 ? null : expiry,
                message.properties().contentType(), message.properties().userProperties());
    }
}
