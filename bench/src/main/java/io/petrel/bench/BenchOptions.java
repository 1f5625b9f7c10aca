package io.petrel.bench;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The command line, {@code --name=value} pairs. Every option read is remembered, so a misspelt option
 * fails the run instead of being silently ignored.
 */
final class BenchOptions {

    private final Map<String, String> values = new HashMap<>();
    private final Set<String> read = new HashSet<>();

    BenchOptions(String[] args) {
        for (String arg : args) {
            if (!arg.startsWith("--") || !arg.contains("=")) {
                throw new IllegalArgumentException("expected --name=value, got " + arg);
            }
            int equals = arg.indexOf('=');
            values.put(arg.substring(2, equals), arg.substring(equals + 1));
        }
    }

    String string(String name, String defaultValue) {
        read.add(name);
        return values.getOrDefault(name, defaultValue);
    }

    int integer(String name, int defaultValue) {
        String value = string(name, null);
        return value == null ? defaultValue : Integer.parseInt(value.replace("_", ""));
    }

    long longValue(String name, long defaultValue) {
        String value = string(name, null);
        return value == null ? defaultValue : Long.parseLong(value.replace("_", ""));
    }

    /** A duration such as {@code 10s}, {@code 500ms} or {@code 2m}. */
    Duration duration(String name, Duration defaultValue) {
        String value = string(name, null);
        if (value == null) {
            return defaultValue;
        }
        if (value.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2)));
        }
        long amount = Long.parseLong(value.substring(0, value.length() - 1));
        return switch (value.charAt(value.length() - 1)) {
            case 's' -> Duration.ofSeconds(amount);
            case 'm' -> Duration.ofMinutes(amount);
            default -> throw new IllegalArgumentException("--" + name + ": expected a duration like 10s, got " + value);
        };
    }

    /** Fails when an option was given that no part of the run asked for. */
    void rejectUnknown() {
        Set<String> unknown = new HashSet<>(values.keySet());
        unknown.removeAll(read);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown options: " + unknown);
        }
    }
}
