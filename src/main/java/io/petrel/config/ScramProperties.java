package io.petrel.config;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** SCRAM-SHA-256 users for MQTT 5 enhanced authentication, under {@code mqtt.auth.scram.*}. */
@ConfigurationProperties("mqtt.auth.scram")
public class ScramProperties {

    /**
     * SCRAM-SHA-256 users by user name. Configuring any turns the SCRAM-SHA-256 authentication method on (unless
     * a ScramCredentials bean supplies the users).
     */
    private Map<String, User> users = new LinkedHashMap<>();

    /** The iteration count for credentials derived from plain-text passwords; at least 4096. */
    private int iterations = 4096;

    public Map<String, User> getUsers() {
        return users;
    }

    public void setUsers(Map<String, User> users) {
        this.users = users;
    }

    public int getIterations() {
        return iterations;
    }

    public void setIterations(int iterations) {
        this.iterations = iterations;
    }

    /** One user: exactly one of {@code password} and {@code credential}. */
    public static class User {

        /**
         * The password in plain text, turned into a credential with a random salt at start-up. For trials:
         * in production configure {@code credential} instead, so that the password is stored nowhere.
         */
        private @Nullable String password;

        /**
         * The stored credential, as PostgreSQL keeps it:
         * {@code SCRAM-SHA-256$<iterations>:<base64 salt>$<base64 StoredKey>:<base64 ServerKey>}.
         */
        private @Nullable String credential;

        public @Nullable String getPassword() {
            return password;
        }

        public void setPassword(@Nullable String password) {
            this.password = password;
        }

        public @Nullable String getCredential() {
            return credential;
        }

        public void setCredential(@Nullable String credential) {
            this.credential = credential;
        }
    }
}
