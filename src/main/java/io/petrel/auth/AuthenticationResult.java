package io.petrel.auth;

import io.petrel.message.ReasonCode;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The answer to a CONNECT: accepted, or refused with a reason code (sent to MQTT 3.1.1 clients as the
 * nearest CONNACK return code) and an optional reason string.
 *
 * <p>An acceptance may say who the client is and what it may do, for the {@link Authorizer} to use on
 * every publish and subscription without asking again:
 *
 * @param username the authenticated user name, when it differs from CONNECT's (a JWT subject, for example);
 *     null keeps the one the client sent
 * @param roles the client's roles, which ACL rules may name
 * @param permissions ACL rules for this client alone, evaluated in memory by the default Authorizer instead
 *     of the configured ones; null leaves the configured rules in force
 * @param limits per-client limits, tighter than the broker's
 */
public record AuthenticationResult(boolean accepted, ReasonCode reasonCode, @Nullable String reasonString,
        @Nullable String username, Set<String> roles, @Nullable Permissions permissions, ClientLimits limits) {

    private static final AuthenticationResult ACCEPT =
            new AuthenticationResult(true, ReasonCode.SUCCESS, null, null, Set.of(), null, ClientLimits.NONE);

    public AuthenticationResult {
        roles = Set.copyOf(roles);
    }

    public AuthenticationResult(boolean accepted, ReasonCode reasonCode, @Nullable String reasonString) {
        this(accepted, reasonCode, reasonString, null, Set.of(), null, ClientLimits.NONE);
    }

    public static AuthenticationResult accept() {
        return ACCEPT;
    }

    public static AuthenticationResult refuse(ReasonCode reasonCode, @Nullable String reasonString) {
        if (!reasonCode.isError()) {
            throw new IllegalArgumentException("a refusal needs an error reason code: " + reasonCode);
        }
        return new AuthenticationResult(false, reasonCode, reasonString);
    }

    /** This acceptance, for the given user name. */
    public AuthenticationResult withUsername(@Nullable String username) {
        return new AuthenticationResult(accepted, reasonCode, reasonString, username, roles, permissions, limits);
    }

    /** This acceptance, with these roles. */
    public AuthenticationResult withRoles(Set<String> roles) {
        return new AuthenticationResult(accepted, reasonCode, reasonString, username, roles, permissions, limits);
    }

    /** This acceptance, with ACL rules of its own. */
    public AuthenticationResult withPermissions(@Nullable Permissions permissions) {
        return new AuthenticationResult(accepted, reasonCode, reasonString, username, roles, permissions, limits);
    }

    /** This acceptance, with per-client limits. */
    public AuthenticationResult withLimits(ClientLimits limits) {
        return new AuthenticationResult(accepted, reasonCode, reasonString, username, roles, permissions, limits);
    }
}
