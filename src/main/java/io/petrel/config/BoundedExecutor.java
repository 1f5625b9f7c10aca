package io.petrel.config;

import java.util.concurrent.Executor;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fixed pool of threads for work handed over by event loops, with a bound on waiting tasks. Handing
 * over never waits for a lock: the queue is lock-free, the threads are started up front (so the pool never
 * takes its own lock to add one), and the bound is an atomic counter. A task over the bound is rejected.
 */
final class BoundedExecutor implements Executor, AutoCloseable {

    private final ThreadPoolExecutor pool;
    private final AtomicInteger waitingOrRunning = new AtomicInteger();
    private final int capacity;

    BoundedExecutor(int threads, int queueCapacity, ThreadFactory threadFactory) {
        this.pool = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, new LinkedTransferQueue<>(),
                threadFactory);
        this.pool.prestartAllCoreThreads();
        this.capacity = threads + queueCapacity;
    }

    @Override
    public void execute(Runnable task) {
        if (waitingOrRunning.incrementAndGet() > capacity) {
            waitingOrRunning.decrementAndGet();
            throw new RejectedExecutionException("more than " + capacity + " tasks waiting or running");
        }
        pool.execute(() -> {
            try {
                task.run();
            } finally {
                waitingOrRunning.decrementAndGet();
            }
        });
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
