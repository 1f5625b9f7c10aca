package io.petrel.auth.users;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * {@code passwd [--bcrypt | --pbkdf2] [username]}: hashes a password typed at the terminal (or one line of
 * standard input) and prints the hash, or a password file line {@code username:hash} when a user name is
 * given. The password never comes from the command line, where other users and shell histories see it.
 */
public final class PasswdCommand {

    /** Where the password comes from. */
    @FunctionalInterface
    public interface PasswordSource {

        /** The next password, asked for with {@code prompt}; null at the end of the input. */
        char @Nullable [] read(String prompt);
    }

    private final PasswordSource passwords;
    private final boolean confirm;
    private final PrintWriter out;
    private final PrintWriter err;

    /**
     * @param confirm ask for the password twice (at a terminal)
     */
    public PasswdCommand(PasswordSource passwords, boolean confirm, PrintWriter out, PrintWriter err) {
        this.passwords = passwords;
        this.confirm = confirm;
        this.out = out;
        this.err = err;
    }

    /** Runs the command with its arguments (after "passwd"); returns the process exit status. */
    public int run(List<String> args) {
        boolean pbkdf2 = false;
        String username = null;
        for (String arg : args) {
            switch (arg) {
                case "--bcrypt" -> pbkdf2 = false;
                case "--pbkdf2" -> pbkdf2 = true;
                default -> {
                    if (arg.startsWith("-") || username != null || arg.contains(":")) {
                        return usage();
                    }
                    username = arg;
                }
            }
        }
        char[] password = passwords.read("Password: ");
        if (password == null || password.length == 0) {
            return fail("No password given.");
        }
        if (confirm && !Arrays.equals(password, passwords.read("Repeat the password: "))) {
            return fail("The passwords differ.");
        }
        byte[] bytes = new String(password).getBytes(StandardCharsets.UTF_8);
        Arrays.fill(password, '\0');
        if (!pbkdf2 && bytes.length > 72) {
            return fail("bcrypt takes 72 bytes of password at most; use --pbkdf2 for a longer one.");
        }
        String hash = pbkdf2 ? PasswordHashes.pbkdf2(bytes) : PasswordHashes.bcrypt(bytes);
        Arrays.fill(bytes, (byte) 0);
        out.println(username == null ? hash : username + ":" + hash);
        out.flush();
        return 0;
    }

    private int fail(String message) {
        err.println(message);
        err.flush();
        return 1;
    }

    private int usage() {
        err.println("usage: passwd [--bcrypt | --pbkdf2] [username]");
        err.println("Reads the password from the terminal (or one line of standard input) and prints its hash,");
        err.println("or a password file line username:hash, for mqtt.auth.users.<name>.password or mqtt.auth.password-file.");
        err.flush();
        return 2;
    }
}
