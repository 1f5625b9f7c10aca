package io.petrel.config;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** The admin REST API, {@code mqtt.admin.*}: off until a password is set. */
@ConfigurationProperties("mqtt.admin")
public class MqttAdminProperties {

    /** The username of HTTP Basic authentication for the admin REST API. */
    private String username = "admin";

    /**
     * The password of HTTP Basic authentication for the admin REST API. There is no default: while it is
     * not set, the API is not served at all.
     */
    private @Nullable String password;

    public String getUsername() {
        return username;
    }

    public void setUsername(String username) {
        this.username = username;
    }

    public @Nullable String getPassword() {
        return password;
    }

    public void setPassword(@Nullable String password) {
        this.password = password;
    }
}
