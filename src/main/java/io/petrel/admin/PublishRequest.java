package io.petrel.admin;

import io.petrel.message.UserProperty;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The body of a message the API publishes.
 *
 * @param topic the topic name
 * @param payload the payload; empty when absent
 * @param encoding {@code text} (the default: the payload is sent as UTF-8) or {@code base64}
 * @param qos 0 (the default), 1 or 2
 * @param retain whether the message is retained (false by default)
 * @param contentType MQTT 5: the content type
 * @param messageExpiryIntervalSeconds MQTT 5: how long the message lives; none when absent
 * @param userProperties MQTT 5: user properties, in order
 */
record PublishRequest(@Nullable String topic, @Nullable String payload, @Nullable String encoding,
        @Nullable Integer qos, @Nullable Boolean retain, @Nullable String contentType, @Nullable Long messageExpiryIntervalSeconds,
        @Nullable List<UserProperty> userProperties) {

    int qosOrDefault() {
        return qos == null ? 0 : qos;
    }

    boolean retainOrDefault() {
        return retain != null && retain;
    }
}
