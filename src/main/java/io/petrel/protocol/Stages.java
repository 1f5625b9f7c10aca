package io.petrel.protocol;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Calls into user hooks so that a hook that throws becomes a failed stage, never an exception here, and a
 * hook that does not answer within its timeout fails with a {@link java.util.concurrent.TimeoutException}.
 * A blocking hook runs on an executor; one that returns null fails too, so callers never decide on nothing.
 */
final class Stages {

    private Stages() {}

    /**
     * Calls a hook that answers with a stage and must not block. A completed stage (the fast path) schedules
     * nothing; otherwise the timeout is scheduled on {@code timer}, the channel's event loop.
     */
    @SuppressWarnings("unchecked")
    static <T> CompletableFuture<T> call(Supplier<CompletionStage<T>> hook, Duration timeout,
            ScheduledExecutorService timer) {
        CompletionStage<T> stage;
        try {
            stage = hook.get();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        if (stage == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("the hook returned null"));
        }
        if (stage.getClass() == CompletableFuture.class && ((CompletableFuture<T>) stage).isDone()) {
            // An in-memory answer (the default authorizer's shared ALLOWED): nothing to wrap or time, no objects
            // per call. A plain CompletableFuture only: the minimal stage subclass throws from isDone().
            return (CompletableFuture<T>) stage;
        }
        CompletableFuture<T> future = new CompletableFuture<>();
        stage.whenComplete((value, failure) -> {
            if (failure != null) {
                future.completeExceptionally(failure);
            } else {
                future.complete(value);
            }
        });
        return expiring(future, timeout, timer);
    }

    /**
     * Runs a hook that may block on {@code executor}. The timeout is scheduled on {@code timer}, the channel's
     * event loop, where scheduling takes no lock (unlike {@code orTimeout}, whose shared delayer queue does).
     *
     * @throws java.util.concurrent.RejectedExecutionException when the executor takes no more work
     */
    static <T> CompletableFuture<T> callOn(Executor executor, Supplier<@Nullable T> hook, Duration timeout,
            ScheduledExecutorService timer) {
        CompletableFuture<T> future = CompletableFuture.supplyAsync(() -> {
            T value = hook.get();
            if (value == null) {
                throw new IllegalStateException("the hook returned null");
            }
            return value;
        }, executor);
        return expiring(future, timeout, timer);
    }

    /**
     * Calls a hook that answers at once, here on the event loop: a completed stage, failed when the hook throws
     * or returns null, so the caller continues without a hand-off.
     */
    static <T> CompletableFuture<T> callHere(Supplier<@Nullable T> hook) {
        try {
            T value = hook.get();
            return value == null ? CompletableFuture.failedFuture(new IllegalStateException("the hook returned null"))
                    : CompletableFuture.completedFuture(value);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Fails {@code future} with a TimeoutException unless it completes within {@code timeout}. */
    private static <T> CompletableFuture<T> expiring(CompletableFuture<T> future, Duration timeout,
            ScheduledExecutorService timer) {
        if (!future.isDone()) {
            ScheduledFuture<?> expiry = timer.schedule(() -> future.completeExceptionally(
                    new TimeoutException("no answer within " + timeout.toMillis() + " ms")),
                    timeout.toNanos(), TimeUnit.NANOSECONDS);
            future.whenComplete((value, failure) -> expiry.cancel(false));
        }
        return future;
    }
}
