package io.petrel.auth.users;

import static io.petrel.auth.users.PasswordHashesTests.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The passwd command's output is a hash (or password file line) that verifies the password typed. */
class PasswdCommandTests {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void printsABcryptHashThatVerifies() {
        int status = run(List.of(), false, "correct horse");

        assertThat(status).isZero();
        String hash = out.toString().strip();
        assertThat(hash).startsWith("$2b$");
        assertThat(PasswordHashes.matches(hash, utf8("correct horse"))).isTrue();
    }

    @Test
    void printsAPasswordFileLineWithPbkdf2ThatTheFileReads() {
        int status = run(List.of("--pbkdf2", "alice"), true, "battery staple", "battery staple");

        assertThat(status).isZero();
        Users users = PasswordFile.parse(out.toString());
        assertThat(users.find("alice").orElseThrow().passwordHash()).startsWith("$7$");
        assertThat(users.find("alice").orElseThrow().hasPassword(utf8("battery staple"))).isTrue();
    }

    @Test
    void refusesDifferentConfirmationEmptyPasswordAndBadArguments() {
        assertThat(run(List.of(), true, "one", "two")).isEqualTo(1);
        assertThat(run(List.of(), false, "")).isEqualTo(1);
        assertThat(run(List.of(), false)).isEqualTo(1);
        assertThat(run(List.of("--md5"), false, "x")).isEqualTo(2);
        assertThat(run(List.of("a:b"), false, "x")).isEqualTo(2);
        assertThat(run(List.of(), false, "x".repeat(73))).as("too long for bcrypt").isEqualTo(1);
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString()).contains("differ", "No password", "usage", "72 bytes");
    }

    private int run(List<String> args, boolean confirm, String... typed) {
        Deque<String> input = new ArrayDeque<>(List.of(typed));
        return new PasswdCommand(prompt -> input.isEmpty() ? null : input.pop().toCharArray(), confirm,
                new PrintWriter(out), new PrintWriter(err)).run(args);
    }
}
