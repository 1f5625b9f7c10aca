package io.petrel.config;

import com.nimbusds.jose.jwk.JWKSet;
import io.petrel.auth.AclRule;
import io.petrel.auth.Permissions;
import io.petrel.auth.TopicPattern;
import io.petrel.auth.acl.MosquittoAclFile;
import io.petrel.auth.jwt.JwtAuthenticator;
import io.petrel.auth.jwt.JwtSettings;
import io.petrel.auth.reload.FileReloader;
import io.petrel.auth.reload.ReloadingFile;
import io.petrel.auth.users.PasswordFile;
import io.petrel.auth.users.User;
import io.petrel.auth.users.Users;
import io.petrel.message.Qos;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Users, ACL rules and JWT keys from {@code mqtt.auth.*}: those written in the configuration, followed by
 * those of the files, which a {@link FileReloader} reads again when they change. Invalid configuration or
 * a broken file fails start-up.
 */
final class AuthSources implements AutoCloseable {

    private final Supplier<Users> users;
    private final Supplier<Permissions> acl;
    private final @Nullable JwtAuthenticator jwt;
    private final boolean credentialsConfigured;
    private final @Nullable FileReloader reloader;

    AuthSources(AuthProperties auth) {
        List<ReloadingFile<?>> files = new ArrayList<>();
        Users configuredUsers = Users.of(auth.getUsers().entrySet().stream().map(AuthSources::user).toList());
        this.users = source(auth.getPasswordFile(), "password file",
                text -> configuredUsers.orElse(PasswordFile.parse(text)), configuredUsers, files);
        Permissions configuredAcl = Permissions.of(auth.getAcl().stream().map(AuthSources::rule).toList());
        this.acl = source(auth.getAclFile(), "ACL file", text -> configuredAcl.then(MosquittoAclFile.parse(text)),
                configuredAcl, files);
        this.jwt = jwt(auth.getJwt(), files);
        this.credentialsConfigured = !auth.getUsers().isEmpty() || auth.getPasswordFile() != null || jwt != null;
        this.reloader = files.isEmpty() ? null : new FileReloader(files, auth.getReloadInterval());
    }

    Supplier<Users> users() {
        return users;
    }

    Supplier<Permissions> acl() {
        return acl;
    }

    @Nullable JwtAuthenticator jwt() {
        return jwt;
    }

    /** Whether any users or JWT are configured, so that clients with a user name are checked. */
    boolean credentialsConfigured() {
        return credentialsConfigured;
    }

    @Override
    public void close() {
        if (reloader != null) {
            reloader.close();
        }
    }

    private static <T> Supplier<T> source(@Nullable Path path, String description, Function<String, T> parser,
            T configured, List<ReloadingFile<?>> files) {
        if (path == null) {
            return () -> configured;
        }
        ReloadingFile<T> file = new ReloadingFile<>(path, description, parser);
        files.add(file);
        return file;
    }

    private static @Nullable JwtAuthenticator jwt(AuthProperties.Jwt jwt, List<ReloadingFile<?>> files) {
        if (jwt.getSecret() == null && jwt.getJwksFile() == null) {
            return null;
        }
        Supplier<JWKSet> keys = jwt.getJwksFile() == null ? null
                : source(jwt.getJwksFile(), "JWKS file", AuthSources::jwkSet, new JWKSet(), files);
        byte[] secret = jwt.getSecret() == null ? null : jwt.getSecret().getBytes(StandardCharsets.UTF_8);
        return new JwtAuthenticator(new JwtSettings(secret, keys, jwt.getIssuer(), jwt.getAudience(),
                jwt.getUsernameClaim(), jwt.getRolesClaim(), jwt.getAclClaim()));
    }

    private static JWKSet jwkSet(String text) {
        try {
            return JWKSet.parse(text);
        } catch (ParseException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    private static User user(Map.Entry<String, AuthProperties.User> entry) {
        return new User(entry.getKey(), entry.getValue().getPassword(), new LinkedHashSet<>(entry.getValue().getRoles()));
    }

    private static AclRule rule(AuthProperties.Rule rule) {
        return new AclRule(rule.getPermission(), rule.getAction(), TopicPattern.parse(rule.getTopic()),
                rule.getUsername(), rule.getClientid(), rule.getRole(),
                rule.getQos() == null ? null : Qos.of(rule.getQos()), false);
    }
}
