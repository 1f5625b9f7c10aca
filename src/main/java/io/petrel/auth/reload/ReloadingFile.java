package io.petrel.auth.reload;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A file parsed into an immutable value, read again when its content changes. Readers get the last good
 * value without locking; a reload swaps it in one step. A broken file keeps the last good value and is
 * reported once with an ERROR, until its content changes again.
 *
 * @param <T> what the file holds
 */
public final class ReloadingFile<T> implements Supplier<T> {

    private static final Logger log = LoggerFactory.getLogger(ReloadingFile.class);

    private final Path path;
    private final String description;
    private final Function<String, T> parser;
    private volatile T value;
    /** The content last read, good or broken; touched by the reloading thread only. */
    private byte[] lastContent;
    /** Whether the last attempt could not read the file (reported once); reloading thread only. */
    private boolean unreadable;

    /**
     * Reads and parses the file now; throws when it cannot be read or parsed, so that a broker never starts
     * with a broken password, ACL or key file.
     *
     * @param description what the file is, for log lines ("password file")
     */
    public ReloadingFile(Path path, String description, Function<String, T> parser) {
        this.path = path;
        this.description = description;
        this.parser = parser;
        try {
            this.lastContent = read();
            this.value = parse(lastContent);
        } catch (RuntimeException e) {
            throw new IllegalStateException("Cannot read the " + description + " " + path + ": " + e.getMessage(), e);
        }
    }

    @Override
    public T get() {
        return value;
    }

    public Path path() {
        return path;
    }

    /** Reads the file again and swaps in its new value when its content changed and parses. */
    public void reload() {
        byte[] content;
        try {
            content = read();
        } catch (UncheckedIOException e) {
            if (!unreadable) {
                log.error("Cannot read the {} {}; keeping the last good one: {}", description, path, e.getMessage());
                unreadable = true;
            }
            return;
        }
        unreadable = false;
        if (Arrays.equals(content, lastContent)) {
            return;
        }
        lastContent = content;
        try {
            value = parse(content);
            log.info("Reloaded the {} {}", description, path);
        } catch (RuntimeException e) {
            log.error("The {} {} is broken; keeping the last good one: {}", description, path, e.getMessage());
        }
    }

    private T parse(byte[] content) {
        return parser.apply(new String(content, StandardCharsets.UTF_8));
    }

    private byte[] read() {
        try {
            return Files.readAllBytes(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
