package io.petrel.auth.scram;

import org.jspecify.annotations.Nullable;

/**
 * Looks up SCRAM-SHA-256 users. Declare a bean of this type to keep them elsewhere than in
 * {@code mqtt.auth.scram.users}, such as a database. Threading: may block; called on {@code mqtt-auth}.
 */
@FunctionalInterface
public interface ScramCredentials {

    /** The credential of {@code username}, or null when there is no such user. */
    @Nullable ScramCredential find(String username);
}
