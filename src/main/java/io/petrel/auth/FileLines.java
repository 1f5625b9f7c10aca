package io.petrel.auth;

import java.util.function.Consumer;

/**
 * The lines of a line-oriented configuration file (password files, ACL files): blank lines and lines
 * starting with {@code #} are skipped, the others are given stripped, and a line that is refused is named
 * by its number in the error.
 */
public final class FileLines {

    private FileLines() {}

    /** Gives each meaningful line to {@code parser}; its IllegalArgumentException gains the line number. */
    public static void parse(String text, Consumer<String> parser) {
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            try {
                parser.accept(line);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("line " + (i + 1) + ": " + e.getMessage(), e);
            }
        }
    }
}
