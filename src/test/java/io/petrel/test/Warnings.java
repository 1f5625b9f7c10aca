package io.petrel.test;

import java.util.List;
import org.springframework.boot.test.system.CapturedOutput;

/** Reads WARN lines from captured log output ({@code OutputCaptureExtension}). */
public final class Warnings {

    private Warnings() {}

    /** The WARN lines that mention {@code text} (a client id, say), without the logging pattern's prefix. */
    public static List<String> mentioning(CapturedOutput output, String text) {
        return output.getOut().lines().filter(line -> line.contains(" WARN ") && line.contains(text))
                .map(line -> line.substring(line.indexOf(": ") + 2)).toList();
    }
}
