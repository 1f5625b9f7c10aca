package io.petrel.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

class BoundedExecutorTests {

    @Test
    void tasksOverTheBoundAreRejectedAndTheBoundIsFreedAsTasksFinish() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch finished = new CountDownLatch(3);
        try (BoundedExecutor executor = new BoundedExecutor(1, 2, new CustomizableThreadFactory("bounded-test-"))) {
            for (int i = 0; i < 3; i++) { // one running, two waiting
                executor.execute(() -> {
                    await(release);
                    finished.countDown();
                });
            }
            assertThatExceptionOfType(RejectedExecutionException.class).isThrownBy(() -> executor.execute(() -> { }));

            release.countDown();
            assertThat(finished.await(10, TimeUnit.SECONDS)).isTrue();
            CountDownLatch ranAfterwards = new CountDownLatch(1);
            executor.execute(ranAfterwards::countDown);
            assertThat(ranAfterwards.await(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
