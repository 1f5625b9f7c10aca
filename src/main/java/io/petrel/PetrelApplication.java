package io.petrel;

import io.petrel.auth.users.PasswdCommand;
import java.io.BufferedReader;
import java.io.Console;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * Runs Petrel as a standalone broker, or with the first argument {@code passwd} hashes a password for the
 * user configuration (see {@link PasswdCommand}) without starting the broker.
 */
@SpringBootApplication
public class PetrelApplication {

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("passwd")) {
            System.exit(passwd(Arrays.asList(args).subList(1, args.length)));
        }
        SpringApplication.run(PetrelApplication.class, args);
    }

    /** A command-line tool talks to the terminal directly; the broker itself only logs. */
    private static int passwd(List<String> args) {
        PrintWriter out = new PrintWriter(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        Console console = System.console();
        if (console != null) {
            return new PasswdCommand(prompt -> console.readPassword("%s", prompt), true, out, err).run(args);
        }
        BufferedReader in = new BufferedReader(new InputStreamReader(new FileInputStream(FileDescriptor.in),
                StandardCharsets.UTF_8));
        return new PasswdCommand(prompt -> readLine(in), false, out, err).run(args);
    }

    private static char @Nullable [] readLine(BufferedReader in) {
        try {
            String line = in.readLine();
            return line == null ? null : line.toCharArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
