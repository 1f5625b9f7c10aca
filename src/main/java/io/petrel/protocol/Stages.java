package io.petrel.protocol;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/** Calls into user hooks so that a hook that throws becomes a failed stage, never an exception here. */
final class Stages {

    private Stages() {}

    static <T> CompletableFuture<T> call(Supplier<CompletionStage<T>> hook) {
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
        return future;
    }
}
