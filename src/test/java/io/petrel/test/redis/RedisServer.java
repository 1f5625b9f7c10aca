package io.petrel.test.redis;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;
import org.jspecify.annotations.Nullable;
import org.springframework.util.FileSystemUtils;

/**
 * A real {@code redis-server} for tests: a child process of this JVM (not daemonized, so it is stopped by
 * its own handle) on a free loopback port, without persistence, with its output in a log file in a
 * temporary folder of its own. {@link #stop()} and {@link #restart()} on the same port make a Redis outage;
 * {@link #close()} also removes the folder. A shutdown hook kills whatever a test left running.
 */
public final class RedisServer implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    /** How long a restart waits for the old port to become bindable again. */
    private static final Duration REBIND_TIMEOUT = Duration.ofSeconds(30);

    /** New ports tried when another process takes the chosen one first. */
    private static final int START_ATTEMPTS = 5;

    private static final String ADDRESS_IN_USE = "Address already in use";

    /** Servers not closed yet, for the shutdown hook. */
    private static final Set<RedisServer> OPEN = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(RedisServer::killLeftovers, "redis-server-cleanup"));
    }

    private final Path executable;

    private final List<String> extraArgs;

    /** For a Sentinel: the lines of its configuration file (Sentinel needs one it can write). */
    private List<String> sentinelConfig = List.of();

    private final Path dir;

    private final Path log;

    private final int port;

    private volatile @Nullable Process process;

    private RedisServer(Path executable, List<String> extraArgs, Path dir, int port) {
        this.executable = executable;
        this.extraArgs = extraArgs;
        this.dir = dir;
        this.log = dir.resolve("redis.log");
        this.port = port;
    }

    /**
     * Starts the installed {@code redis-server} (else the embedded one) and waits until it answers PING.
     * Extra arguments follow the defaults and override them, for example {@code "--rename-command",
     * "CONFIG", ""} for a Redis that refuses CONFIG.
     */
    public static RedisServer start(String... extraArgs) {
        return start(RedisBinary.find(), extraArgs);
    }

    /** Starts this executable, as {@link #start(String...)} does. */
    static RedisServer start(Path executable, String... extraArgs) {
        return start(executable, FreePorts::any, extraArgs);
    }

    /** Starts this executable on a port from {@code freePorts}, with a new port when that one was taken. */
    static RedisServer start(Path executable, IntSupplier freePorts, String... extraArgs) {
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            RedisServer server = new RedisServer(executable, List.of(extraArgs), createTempDir(), freePorts.getAsInt());
            OPEN.add(server);
            try {
                if (server.launch()) {
                    return server;
                }
            } catch (RuntimeException ex) {
                server.close();
                throw ex;
            }
            server.close();
        }
        throw new IllegalStateException(
                "redis-server found every port it was given in use, " + START_ATTEMPTS + " times");
    }

    /**
     * Starts a Redis Sentinel that monitors {@code master} under {@code masterName} (quorum 1), and waits
     * until it answers PING.
     */
    public static RedisServer startSentinel(String masterName, RedisServer master) {
        RedisServer sentinel = new RedisServer(RedisBinary.find(), List.of(), createTempDir(), FreePorts.any());
        sentinel.sentinelConfig = List.of("sentinel monitor " + masterName + " 127.0.0.1 " + master.port() + " 1",
                "sentinel down-after-milliseconds " + masterName + " 5000");
        OPEN.add(sentinel);
        if (!sentinel.launch()) {
            sentinel.close();
            throw new IllegalStateException("the Sentinel's port was taken");
        }
        return sentinel;
    }

    public int port() {
        return this.port;
    }

    /** The URI for {@code spring.data.redis.url}. */
    public String uri() {
        return "redis://127.0.0.1:" + this.port;
    }

    /** The PID of the running server process. */
    public long pid() {
        Process running = this.process;
        if (running == null) {
            throw new IllegalStateException("redis-server on port " + this.port + " is stopped");
        }
        return running.pid();
    }

    /** Runs one command on a connection of its own and returns the reply as {@link RespClient} renders it. */
    public @Nullable String command(String... args) {
        try (RespClient client = connect()) {
            return client.command(args);
        }
    }

    /** A connection of the caller's own, for example to SUBSCRIBE to keyspace notifications. */
    public RespClient connect() {
        return RespClient.connect(this.port);
    }

    /** Stops the server: SIGTERM, then SIGKILL after 10 s. Its folder stays for {@link #restart()}. */
    public synchronized void stop() {
        Process running = this.process;
        if (running == null) {
            return;
        }
        this.process = null;
        running.destroy();
        try {
            if (!running.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                running.destroyForcibly().waitFor();
            }
        } catch (InterruptedException ex) {
            running.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Stops the server if it runs and starts it again on the same port, with the same arguments and folder
     * (a cluster node keeps its node id); the data is gone. Retries while the port is not bindable yet.
     */
    public synchronized void restart() {
        stop();
        await().atMost(REBIND_TIMEOUT).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(200)).pollInSameThread()
                .until(this::launch);
    }

    /** Stops the server and removes its folder. */
    @Override
    public synchronized void close() {
        stop();
        OPEN.remove(this);
        deleteDir();
    }

    /** Runs the process and waits for PONG: false when the port was in use, an exception for other failures. */
    private synchronized boolean launch() {
        long logOffset = logSize();
        Process started;
        try {
            started = new ProcessBuilder(commandLine()).directory(this.dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(Redirect.appendTo(this.log.toFile())).start();
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot run " + this.executable, ex);
        }
        this.process = started;
        try {
            await().atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(50))
                    .failFast("redis-server exited", () -> !started.isAlive())
                    .ignoreExceptions()
                    .until(() -> "PONG".equals(command("PING")));
            return true;
        } catch (ConditionTimeoutException | TerminalFailureException ex) {
            stop();
            String output = outputSince(logOffset);
            if (output.contains(ADDRESS_IN_USE)) {
                return false;
            }
            throw new IllegalStateException("redis-server " + this.executable + " did not answer PING on 127.0.0.1:"
                    + this.port + "; its output:\n" + output, ex);
        }
    }

    private List<String> commandLine() {
        if (!sentinelConfig.isEmpty()) {
            Path config = this.dir.resolve("sentinel.conf");
            try {
                Files.write(config, sentinelConfig);
            } catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
            return List.of(this.executable.toString(), config.toString(), "--sentinel", "--port",
                    String.valueOf(this.port), "--bind", "127.0.0.1", "--dir", this.dir.toString());
        }
        List<String> command = new ArrayList<>(Arrays.asList(this.executable.toString(), "--port",
                String.valueOf(this.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                "--daemonize", "no", "--dir", this.dir.toString()));
        command.addAll(this.extraArgs);
        return command;
    }

    private long logSize() {
        try {
            return Files.exists(this.log) ? Files.size(this.log) : 0;
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private String outputSince(long offset) {
        try {
            byte[] bytes = Files.readAllBytes(this.log);
            return new String(bytes, (int) offset, bytes.length - (int) offset, StandardCharsets.UTF_8);
        } catch (IOException ex) {
            return "(cannot read " + this.log + ": " + ex + ")";
        }
    }

    private void deleteDir() {
        try {
            FileSystemUtils.deleteRecursively(this.dir);
        } catch (IOException ex) {
            // A temporary folder left behind is harmless; the test's outcome does not depend on it.
        }
    }

    private static Path createTempDir() {
        try {
            return Files.createTempDirectory("petrel-redis-");
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** The safety net when the JVM exits: SIGKILL to the servers still open, by their own handles. */
    private static void killLeftovers() {
        for (RedisServer server : OPEN) {
            Process running = server.process;
            if (running != null) {
                running.destroyForcibly();
            }
            server.deleteDir();
        }
    }
}
