package io.petrel.auth.users;

import java.util.Set;

/**
 * A user the broker knows: a name, a password hash (see {@link PasswordHashes}) and roles for ACL rules.
 */
public record User(String name, String passwordHash, Set<String> roles) {

    public User {
        if (!PasswordHashes.isSupported(passwordHash)) {
            throw new IllegalArgumentException("the password of user '" + name + "' is not a supported hash "
                    + "(bcrypt $2a$/$2b$/$2y$, PBKDF2-SHA512 $7$ or salted SHA-512 $6$); "
                    + "make one with: java -jar petrel.jar passwd");
        }
        roles = Set.copyOf(roles);
    }

    public boolean hasPassword(byte[] password) {
        return PasswordHashes.matches(passwordHash, password);
    }
}
