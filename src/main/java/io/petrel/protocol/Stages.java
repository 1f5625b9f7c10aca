package io.petrel.protocol;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Calls into user hooks so that a hook that throws becomes a failed stage, never an exception here, and a
 * hook that does not answer within its timeout fails with a {@link java.util.concurrent.TimeoutException}.
 */
final class Stages {

    private Stages() {}

    static <T> CompletableFuture<T> call(Supplier<CompletionStage<T>> hook, Duration timeout) {
        CompletableFuture<T> future = new CompletableFuture<>();
        try {
            hook.get().whenComplete((value, failure) -> {
                if (failure != null) {
                    future.completeExceptionally(failure);
                } else {
                    future.complete(value);
                }
            });
        } catch (RuntimeException e) {
            future.completeExceptionally(e);
        }
        // The fast path (a completed stage) schedules nothing.
        return future.isDone() ? future : future.orTimeout(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }
}
