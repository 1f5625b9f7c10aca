package io.petrel.extension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import io.petrel.test.BrokerProcess;
import io.petrel.test.FileTrees;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The executable jar loads extension jars from outside itself: an {@code @AutoConfiguration} in a jar in
 * the extensions folder replaces a default bean. Runs after {@code package}, against
 * {@code target/petrel-<version>-exec.jar}, as separate processes, the way operators start the broker:
 * with {@code java -jar}, and the way the container image does (its layers, entrypoint and health check,
 * read from the Dockerfile, run on the host).
 */
class ExtensionsFolderIT {

    @Test
    void executableJarLoadsExtensionsFromTheLoaderPath(@TempDir Path dir) throws Exception {
        Path extensions = dir.resolve("my-extensions");
        ExtensionJar.write(dir.resolve("build"), extensions.resolve("blocked-users.jar"));

        try (BrokerProcess broker = BrokerProcess.start(List.of(BrokerProcess.java(),
                "-Dloader.path=" + extensions, "-jar", executableJar().toString()), dir, Map.of())) {
            assertTheExtensionDecides(broker);
        }
    }

    @Test
    void containerImageLayoutLoadsItsExtensionsFolderAndPassesItsHealthCheck(@TempDir Path dir) throws Exception {
        ContainerImage image = ContainerImage.read(Path.of("Dockerfile"));
        Path app = extractLayers(image, dir);
        ExtensionJar.write(dir.resolve("build"), app.resolve("extensions/blocked-users.jar"));
        // The entrypoint finds java on the PATH, as in the image: let it be this JDK's.
        Map<String, String> environment = Map.of("JAVA_OPTS", image.javaOpts(),
                "PATH", Path.of(BrokerProcess.java()).getParent() + File.pathSeparator + System.getenv("PATH"));

        try (BrokerProcess broker = BrokerProcess.start(image.entrypoint(), app, environment)) {
            assertTheExtensionDecides(broker);
            assertHealthCheckPasses(image, broker, dir);
        }
    }

    private static void assertTheExtensionDecides(BrokerProcess broker) {
        Mqtt5BlockingClient blocked = client(broker, "blocked-device");
        assertThatThrownBy(() -> blocked.connectWith().simpleAuth().username("blocked").applySimpleAuth().send())
                .isInstanceOfSatisfying(Mqtt5ConnAckException.class, refused -> {
                    assertThat(refused.getMqttMessage().getReasonCode())
                            .isEqualTo(Mqtt5ConnAckReasonCode.NOT_AUTHORIZED);
                    assertThat(refused.getMqttMessage().getReasonString()).map(Object::toString)
                            .contains(ExtensionJar.REFUSAL);
                });

        Mqtt5BlockingClient allowed = client(broker, "allowed-device");
        assertThat(allowed.connectWith().simpleAuth().username("alice").applySimpleAuth().send().getReasonCode())
                .isEqualTo(Mqtt5ConnAckReasonCode.SUCCESS);
        allowed.disconnect();
    }

    private static Mqtt5BlockingClient client(BrokerProcess broker, String clientId) {
        return MqttClient.builder().useMqttVersion5().identifier(clientId).serverHost("127.0.0.1")
                .serverPort(broker.mqttPort()).buildBlocking();
    }

    private static void assertHealthCheckPasses(ContainerImage image, BrokerProcess broker, Path dir) throws Exception {
        Path log = dir.resolve("healthcheck.log");
        ProcessBuilder check = new ProcessBuilder(image.healthCheck()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        check.environment().put("MANAGEMENT_SERVER_PORT", Integer.toString(broker.managementPort()));
        assertSucceeds(check.start(), log, "the Dockerfile's HEALTHCHECK command");
    }

    /** {@code jarmode=tools extract --layers --launcher}, then the layers copied into one folder in image order. */
    private static Path extractLayers(ContainerImage image, Path dir) throws Exception {
        Path layers = dir.resolve("layers");
        Path log = dir.resolve("extract.log");
        Process extract = new ProcessBuilder(BrokerProcess.java(), "-Djarmode=tools", "-jar",
                executableJar().toString(), "extract", "--layers", "--launcher", "--destination", layers.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertSucceeds(extract, log, "jarmode=tools extract");
        List<String> extracted = new ArrayList<>();
        try (Stream<Path> found = Files.list(layers)) {
            found.forEach(layer -> extracted.add(layer.getFileName().toString()));
        }
        assertThat(image.layers()).as("the Dockerfile copies every layer").containsExactlyInAnyOrderElementsOf(extracted);
        Path app = Files.createDirectories(dir.resolve("app"));
        for (String layer : image.layers()) {
            FileTrees.copy(layers.resolve(layer), app);
        }
        return app;
    }

    private static void assertSucceeds(Process process, Path log, String what) throws Exception {
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).as(what + " finishes").isTrue();
        assertThat(process.exitValue()).as(what + " exit code; output:%n%s", Files.readString(log)).isZero();
    }

    private static Path executableJar() {
        String jar = System.getProperty("petrel.exec-jar");
        assertThat(jar).as("system property petrel.exec-jar (set by the failsafe configuration)").isNotNull();
        assertThat(Path.of(jar)).as("run after package").isRegularFile();
        return Path.of(jar);
    }
}
