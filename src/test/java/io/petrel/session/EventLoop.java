package io.petrel.session;

import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/** A single-thread executor standing in for a Netty event loop in session tests. */
final class EventLoop implements Executor {

    private final ExecutorService executor;
    private volatile Thread thread;

    EventLoop(String name) {
        this.executor = Executors.newSingleThreadExecutor((task) -> {
            Thread created = new Thread(task, name);
            created.setDaemon(true);
            thread = created;
            return created;
        });
    }

    @Override
    public void execute(Runnable command) {
        executor.execute(command);
    }

    boolean inEventLoop() {
        return Thread.currentThread() == thread;
    }

    /** Runs {@code task} on this loop and waits for its result (from a test thread, never from the loop). */
    <T> T call(Callable<T> task) throws Exception {
        return executor.submit(task).get(30, TimeUnit.SECONDS);
    }

    void run(Runnable task) throws Exception {
        call(() -> {
            task.run();
            return null;
        });
    }

    /** Waits until every task submitted to this loop so far has run. */
    void sync() throws Exception {
        run(() -> {});
    }

    void shutdown() throws InterruptedException {
        executor.shutdownNow();
        executor.awaitTermination(10, TimeUnit.SECONDS);
    }
}
