package io.petrel.test.cluster;

import io.petrel.PetrelApplication;
import io.petrel.test.redis.FreePorts;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/**
 * A Petrel node in a JVM of its own (the test's class path), so that a test can kill it with SIGKILL, without
 * any shutdown: the way a node dies when its machine does. Its output goes to a log file, named in failures.
 */
public final class ProcessNode implements AutoCloseable {

    private final Process process;
    private final int mqttPort;
    private final Path log;

    private ProcessNode(Process process, int mqttPort, Path log) {
        this.process = process;
        this.mqttPort = mqttPort;
        this.log = log;
    }

    /** Starts a cluster node with this id against Redis on {@code redisPort}; returns once MQTT accepts connections. */
    public static ProcessNode start(String nodeId, int redisPort, String... extraProperties) {
        int mqttPort = FreePorts.any();
        try {
            Path log = Files.createTempFile("petrel-" + nodeId + "-", ".log");
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx256m", "-cp", System.getProperty("java.class.path"), PetrelApplication.class.getName(),
                    "--mqtt.cluster.enabled=true", "--mqtt.cluster.node-id=" + nodeId,
                    "--spring.data.redis.host=127.0.0.1", "--spring.data.redis.port=" + redisPort,
                    "--spring.data.redis.client-name=" + nodeId,
                    "--mqtt.listeners.tcp.host=127.0.0.1", "--mqtt.listeners.tcp.port=" + mqttPort,
                    "--mqtt.listeners.ws.enabled=false", "--management.server.port=0", "--mqtt.sys.enabled=false"));
            for (String property : extraProperties) {
                command.add("--" + property);
            }
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            ProcessNode node = new ProcessNode(process, mqttPort, log);
            Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .failFast("node " + nodeId + " exited, see " + log, () -> !process.isAlive())
                    .until(node::accepts);
            return node;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private boolean accepts() {
        try (Socket ignored = new Socket("127.0.0.1", mqttPort)) {
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }

    public int mqttPort() {
        return mqttPort;
    }

    public File log() {
        return log.toFile();
    }

    /** SIGKILL: no shutdown hook, no goodbye to Redis or clients. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
