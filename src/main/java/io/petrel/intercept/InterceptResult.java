package io.petrel.intercept;

import io.petrel.message.Message;
import io.petrel.message.ReasonCode;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link PublishInterceptor} decided: pass a message on (possibly modified) or drop it with an MQTT 5
 * reason code and optional reason string.
 *
 * @param message the message to pass on, or null when dropped
 * @param reasonCode {@link ReasonCode#SUCCESS} when passed on, else an error code such as 0x87 (not
 *     authorized), 0x97 (quota exceeded) or 0x99 (payload format invalid)
 * @param reasonString sent to MQTT 5 publishers that accept problem information
 */
public record InterceptResult(@Nullable Message message, ReasonCode reasonCode, @Nullable String reasonString) {

    public InterceptResult {
        if ((message == null) != reasonCode.isError()) {
            throw new IllegalArgumentException("a dropped message needs an error reason code, a passed one SUCCESS");
        }
    }

    /** Passes this message on. */
    public static InterceptResult proceed(Message message) {
        return new InterceptResult(Objects.requireNonNull(message, "message"), ReasonCode.SUCCESS, null);
    }

    /** Drops the message; {@code reasonCode} must be an error code (0x80 or above). */
    public static InterceptResult drop(ReasonCode reasonCode, @Nullable String reasonString) {
        return new InterceptResult(null, reasonCode, reasonString);
    }

    public boolean dropped() {
        return message == null;
    }
}
