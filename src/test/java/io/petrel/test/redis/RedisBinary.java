package io.petrel.test.redis;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Assumptions;
import redis.embedded.core.ExecutableProvider;

/**
 * Finds the {@code redis-server} executable the tests run: the installed one on the {@code PATH} (the Debian
 * package that {@code .ci/run} installs), else the Linux binary shipped inside the embedded-redis jar.
 */
final class RedisBinary {

    private static final String NAME = "redis-server";

    /** Extracted at most once per JVM: the binary is about 10 MB. */
    private static @Nullable Path embedded;

    private RedisBinary() {}

    /** The installed binary when there is one, else the embedded one; aborts the test when neither runs here. */
    static Path find() {
        return installed().orElseGet(RedisBinary::embedded);
    }

    /** The first executable {@code redis-server} along the {@code PATH}. */
    static Optional<Path> installed() {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        return Arrays.stream(path.split(File.pathSeparator))
                .filter((dir) -> !dir.isEmpty())
                .map((dir) -> Path.of(dir, NAME))
                .filter(Files::isExecutable)
                .findFirst();
    }

    /**
     * The binary from the embedded-redis jar, copied to a temporary folder and made executable by the
     * library's own resource provider (which picks the file for this OS and architecture). The library's
     * process management is not used: {@link RedisServer} owns the process.
     */
    static synchronized Path embedded() {
        if (embedded == null) {
            try {
                embedded = ExecutableProvider.newJarResourceProvider().get().toPath();
            } catch (IOException | RuntimeException ex) {
                Assumptions.abort("no redis-server on the PATH and no embedded binary for this platform: " + ex);
            }
        }
        return embedded;
    }
}
