package io.petrel.cluster;

import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/** Arguments for and replies from Redis commands and scripts: UTF-8 text and counters, as this codec holds them. */
final class Replies {

    private Replies() {}

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** A script's reply element as text (bulk strings come as bytes, numbers as Long). */
    static String text(Object reply) {
        return reply instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : String.valueOf(reply);
    }

    /** A counter's value; a key that does not exist counts 0. */
    static long counter(byte @Nullable [] value) {
        return value == null ? 0 : Long.parseLong(new String(value, StandardCharsets.UTF_8));
    }
}
