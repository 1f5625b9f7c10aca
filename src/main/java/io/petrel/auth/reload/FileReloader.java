package io.petrel.auth.reload;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks files for changes on one thread of its own ({@code mqtt-auth-reload}), never on an event loop.
 * Polling, rather than a WatchService, also sees files replaced on mounted volumes (Kubernetes ConfigMaps
 * and Secrets swap a symbolic link) and costs one small read per file and interval.
 */
public final class FileReloader implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(FileReloader.class);

    private final ScheduledExecutorService scheduler;

    public FileReloader(List<ReloadingFile<?>> files, Duration interval) {
        this.scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "mqtt-auth-reload");
            thread.setDaemon(true);
            return thread;
        });
        long millis = interval.toMillis();
        scheduler.scheduleWithFixedDelay(() -> files.forEach(FileReloader::reload), millis, millis, TimeUnit.MILLISECONDS);
    }

    private static void reload(ReloadingFile<?> file) {
        try {
            file.reload();
        } catch (RuntimeException e) {
            log.error("Reloading {} failed", file.path(), e); // keep polling: the next change may fix it
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
