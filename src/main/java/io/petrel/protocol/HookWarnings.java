package io.petrel.protocol;

import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;

/**
 * The one warning line for a user hook (Authorizer, PublishInterceptor) that threw, failed its stage or
 * did not answer within {@code mqtt.hook-timeout}: the caller then denies, fail closed. The stack trace
 * goes to DEBUG, so a misbehaving hook cannot flood the log.
 */
final class HookWarnings {

    private HookWarnings() {}

    /**
     * @param hook what failed ("Authorizer", "PublishInterceptor")
     * @param action what the client was doing ("publishing to a/b")
     * @param outcome what the broker does instead ("refusing it")
     */
    static void failed(Logger log, String hook, String clientId, String action, String outcome, Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        String why = cause instanceof TimeoutException ? "no answer within mqtt.hook-timeout" : cause.toString();
        log.warn("{} failed for client {} {} ({}); {}", hook, clientId, action, why, outcome);
        log.debug("{} failure for client {}", hook, clientId, cause);
    }
}
