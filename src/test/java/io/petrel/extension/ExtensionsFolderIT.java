package io.petrel.extension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The executable jar loads extension jars from outside itself: an {@code @AutoConfiguration} in a jar in
 * the extensions folder replaces a default bean. Runs after {@code package}, against
 * {@code target/petrel-<version>-exec.jar}, as separate processes, the way operators start the broker.
 */
class ExtensionsFolderIT {

    /** The container image's layer order (see the Dockerfile). */
    private static final List<String> LAYERS =
            List.of("dependencies", "spring-boot-loader", "snapshot-dependencies", "application");

    @Test
    void executableJarLoadsExtensionsFromTheLoaderPath(@TempDir Path dir) throws Exception {
        Path extensions = dir.resolve("my-extensions");
        ExtensionJar.write(dir.resolve("build"), extensions.resolve("blocked-users.jar"));

        try (BrokerProcess broker = BrokerProcess.start(
                List.of("-Dloader.path=" + extensions, "-jar", executableJar().toString()), dir, Map.of())) {
            assertTheExtensionDecides(broker);
        }
    }

    @Test
    void extractedLayersLoadTheExtensionsFolderOfTheWorkingDirectory(@TempDir Path dir) throws Exception {
        Path app = extractLikeTheContainerImage(dir);
        ExtensionJar.write(dir.resolve("build"), app.resolve("extensions/blocked-users.jar"));

        try (BrokerProcess broker = BrokerProcess.start(
                List.of("org.springframework.boot.loader.launch.PropertiesLauncher"), app, Map.of())) {
            assertTheExtensionDecides(broker);
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

    /** {@code jarmode=tools extract --layers --launcher}, then the layers copied into one folder in order. */
    private static Path extractLikeTheContainerImage(Path dir) throws Exception {
        Path layers = dir.resolve("layers");
        Path log = dir.resolve("extract.log");
        Process extract = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djarmode=tools", "-jar", executableJar().toString(), "extract", "--layers", "--launcher",
                "--destination", layers.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertThat(extract.waitFor(2, TimeUnit.MINUTES)).as("extraction finishes").isTrue();
        assertThat(extract.exitValue()).as(Files.readString(log)).isZero();
        Path app = Files.createDirectories(dir.resolve("app"));
        for (String layer : LAYERS) {
            copyTree(layers.resolve(layer), app);
        }
        return app;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : paths.toList()) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static Path executableJar() {
        String jar = System.getProperty("petrel.exec-jar");
        assertThat(jar).as("system property petrel.exec-jar (set by the failsafe configuration)").isNotNull();
        assertThat(Path.of(jar)).as("run after package").isRegularFile();
        return Path.of(jar);
    }
}
