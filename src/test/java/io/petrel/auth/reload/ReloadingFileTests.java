package io.petrel.auth.reload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A changed file is read again; a broken or missing one keeps the last good value. */
class ReloadingFileTests {

    @TempDir
    Path folder;

    @Test
    void aChangedFileIsReadAgainAndABrokenOneKeepsTheLastGoodValue() throws IOException {
        Path file = Files.writeString(folder.resolve("n.txt"), "1");
        ReloadingFile<Integer> number = new ReloadingFile<>(file, "number file", text -> Integer.parseInt(text.strip()));
        assertThat(number.get()).isEqualTo(1);

        Files.writeString(file, "2");
        number.reload();
        assertThat(number.get()).isEqualTo(2);

        Files.writeString(file, "two");
        number.reload();
        assertThat(number.get()).isEqualTo(2);

        Files.delete(file);
        number.reload();
        assertThat(number.get()).isEqualTo(2);

        Files.writeString(file, "3");
        number.reload();
        assertThat(number.get()).isEqualTo(3);
    }

    @Test
    void aBrokenOrMissingFileFailsAtStart() throws IOException {
        Path broken = Files.writeString(folder.resolve("broken.txt"), "x");

        assertThatIllegalStateException().isThrownBy(() -> new ReloadingFile<>(broken, "number file", Integer::parseInt))
                .withMessageContaining("number file").withMessageContaining(broken.toString());
        assertThatIllegalStateException().isThrownBy(
                () -> new ReloadingFile<>(folder.resolve("missing.txt"), "number file", Integer::parseInt));
    }

    @Test
    void theReloaderPollsOffTheCallersThread() throws IOException {
        Path file = Files.writeString(folder.resolve("n.txt"), "1");
        ReloadingFile<Integer> number = new ReloadingFile<>(file, "number file", text -> Integer.parseInt(text.strip()));

        try (FileReloader reloader = new FileReloader(List.of(number), Duration.ofMillis(50))) {
            Files.writeString(file, "42");
            await().atMost(Duration.ofSeconds(10)).until(() -> number.get() == 42);
        }
    }
}
