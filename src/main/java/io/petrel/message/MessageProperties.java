package io.petrel.message;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The MQTT 5 properties of an application message that the broker passes on unaltered to subscribers.
 * MQTT 3.1.1 messages carry {@link #NONE}.
 *
 * @param payloadFormatIndicator 1 when the payload is UTF-8 text, 0 or null when unspecified bytes
 * @param contentType the MIME type of the payload
 * @param responseTopic the topic name for a response message
 * @param correlationData correlates a response with its request
 * @param userProperties name-value pairs, in the order the publisher sent them [MQTT-3.3.2-18]
 */
public record MessageProperties(
        @Nullable Integer payloadFormatIndicator,
        @Nullable String contentType,
        @Nullable String responseTopic,
        byte @Nullable [] correlationData,
        List<UserProperty> userProperties) {

    public static final MessageProperties NONE = new MessageProperties(null, null, null, null, List.of());

    public MessageProperties {
        userProperties = List.copyOf(userProperties);
    }

    /** Whether the publisher declared the payload to be UTF-8 text. */
    public boolean isUtf8Payload() {
        return payloadFormatIndicator != null && payloadFormatIndicator == 1;
    }
}
