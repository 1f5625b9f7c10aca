package io.petrel.protocol;

import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one WARN line for a user hook that threw or did not answer within {@code mqtt.hook-timeout}, after
 * which the broker denies (fail closed). A timeout is logged without a stack trace; an exception with its
 * class and message, and its stack trace at DEBUG.
 */
final class HookFailures {

    private static final Logger log = LoggerFactory.getLogger(HookFailures.class);

    private HookFailures() {}

    /**
     * Logs that {@code hook} (such as "Authenticator") failed for a client.
     *
     * @param hook what was called, as the operator knows it
     * @param clientId the client it decided about
     * @param timeout the hook timeout in force
     * @param failure what the hook's stage failed with
     */
    static void warn(String hook, String clientId, Duration timeout, Throwable failure) {
        Throwable cause = unwrap(failure);
        if (cause instanceof TimeoutException) {
            log.warn("{} did not answer for client {} within {} ms (mqtt.hook-timeout); denied", hook, clientId,
                    timeout.toMillis());
        } else {
            log.warn("{} failed for client {}; denied: {}", hook, clientId, cause.toString());
            log.debug("{} failure for client {}", hook, clientId, cause);
        }
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
