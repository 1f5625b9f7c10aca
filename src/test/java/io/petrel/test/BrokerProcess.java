package io.petrel.test;

import static org.awaitility.Awaitility.await;

import io.petrel.test.redis.FreePorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A broker running as a separate {@code java} process on free loopback ports (the packaged jar, or a cluster
 * node a test kills without shutdown), stopped by its PID when closed. Its output goes to a log file that a
 * failed start reports.
 */
public final class BrokerProcess implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final Process process;
    private final Path log;
    private final int mqttPort;
    private final int managementPort;

    private BrokerProcess(Process process, Path log, int mqttPort, int managementPort) {
        this.process = process;
        this.log = log;
        this.mqttPort = mqttPort;
        this.managementPort = managementPort;
    }

    /**
     * Runs {@code <launch...> <broker arguments>} in {@code workingDir} with extra environment variables,
     * and waits until the broker reports readiness.
     */
    public static BrokerProcess start(List<String> launch, Path workingDir, Map<String, String> environment)
            throws IOException {
        int mqttPort = FreePorts.any();
        int managementPort = FreePorts.any();
        List<String> command = new ArrayList<>(launch);
        command.addAll(List.of("--mqtt.listeners.tcp.host=127.0.0.1", "--mqtt.listeners.tcp.port=" + mqttPort,
                "--mqtt.listeners.ws.enabled=false", "--management.server.port=" + managementPort,
                "--server.address=127.0.0.1"));
        Path log = Files.createTempFile(workingDir, "broker", ".log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(workingDir.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        // The class path comes from the launch arguments alone, as in the container image.
        builder.environment().remove("CLASSPATH");
        builder.environment().putAll(environment);
        BrokerProcess broker = new BrokerProcess(builder.start(), log, mqttPort, managementPort);
        try {
            broker.awaitReady();
        } catch (RuntimeException | Error e) {
            broker.close();
            throw new AssertionError("the broker did not become ready; its log:\n" + broker.output(), e);
        }
        return broker;
    }

    /** The {@code java} launcher of the JDK running the tests. */
    public static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    public int mqttPort() {
        return mqttPort;
    }

    public int managementPort() {
        return managementPort;
    }

    public String output() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitReady() {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest readiness = HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + managementPort + "/actuator/health/readiness")).build();
        await().atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(500))
                .failFast("the broker process exited", () -> !process.isAlive())
                .ignoreExceptions()
                .until(() -> http.send(readiness, HttpResponse.BodyHandlers.ofString()).statusCode() == 200);
    }

    /** The file its output goes to. */
    public Path log() {
        return log;
    }

    /** SIGKILL: no shutdown hook, no goodbye to anyone, the way a process dies with its machine. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    /** SIGTERM to this process (by its PID), then SIGKILL if it is still there after the timeout. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
