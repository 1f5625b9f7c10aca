package io.petrel.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** How a non-blocking hook's answer becomes the stage the flows continue with. */
class StagesTests {

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stopTimer() {
        timer.shutdownNow();
    }

    private <T> CompletableFuture<T> call(CompletionStage<T> answer, Duration timeout) {
        return Stages.call(() -> answer, timeout, timer);
    }

    @Test
    void aCompletedPlainFutureIsTakenAsItIsWithoutAWrapper() {
        CompletableFuture<String> allowed = CompletableFuture.completedFuture("allow");

        assertThat(call(allowed, Duration.ofSeconds(5))).isSameAs(allowed);
    }

    @Test
    void aCompletedMinimalStageIsWrappedAndItsValueKept() {
        CompletionStage<String> minimal = CompletableFuture.completedStage("allow");

        assertThat(call(minimal, Duration.ofSeconds(5))).isCompletedWithValue("allow");
    }

    @Test
    void aPendingAnswerTimesOutWithoutTouchingTheHooksOwnFuture() {
        CompletableFuture<String> pending = new CompletableFuture<>();

        CompletableFuture<String> result = call(pending, Duration.ofMillis(50));

        assertThat(result).failsWithin(Duration.ofSeconds(10)).withThrowableOfType(Exception.class)
                .withCauseInstanceOf(TimeoutException.class);
        assertThat(pending).isNotDone();
    }

    @Test
    void aHookThatThrowsOrAnswersNullGivesAFailedStage() {
        assertThat(Stages.<String>call(() -> {
            throw new IllegalStateException("broken");
        }, Duration.ofSeconds(5), timer)).isCompletedExceptionally();
        assertThat(Stages.<String>call(() -> null, Duration.ofSeconds(5), timer)).isCompletedExceptionally();
    }
}
