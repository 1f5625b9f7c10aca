package io.petrel.auth.users;

import io.petrel.auth.FileLines;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A password file: one user per line as {@code name:hash}, the format of mosquitto's {@code password_file},
 * optionally followed by {@code :role1,role2}. Blank lines and lines starting with {@code #} are skipped.
 * mosquitto_passwd's files are read as they are.
 */
public final class PasswordFile {

    private PasswordFile() {}

    /** Parses the file's text; throws with the line number when a line is malformed. */
    public static Users parse(String text) {
        List<User> users = new ArrayList<>();
        FileLines.parse(text, line -> users.add(user(line)));
        return Users.of(users);
    }

    private static User user(String line) {
        String[] fields = line.split(":", -1);
        if (fields.length < 2 || fields.length > 3 || fields[0].isEmpty()) {
            throw new IllegalArgumentException("expected name:hash or name:hash:roles");
        }
        Set<String> roles = new LinkedHashSet<>();
        if (fields.length == 3) {
            Arrays.stream(fields[2].split(",")).map(String::strip).filter(role -> !role.isEmpty()).forEach(roles::add);
        }
        return new User(fields[0], fields[1], roles);
    }
}
