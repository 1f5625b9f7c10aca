package io.petrel.auth;

import io.petrel.message.Qos;
import io.petrel.message.ReasonCode;
import io.petrel.routing.TopicFilter;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The default, decided in memory on the event loop: nobody publishes to {@code $SYS/...} (only the broker
 * does); a client whose Authenticator attached {@link Permissions} is judged by them; otherwise the
 * configured ACL rules decide when there are any, and everything else is allowed when there are none. The
 * configured rules are read on every decision, so a reloaded ACL file applies to connected clients at once.
 */
public final class DefaultAuthorizer implements Authorizer {

    private static final CompletionStage<AuthorizationResult> ALLOWED =
            CompletableFuture.completedFuture(AuthorizationResult.allow());
    private static final CompletionStage<AuthorizationResult> SYS_DENIED = CompletableFuture.completedFuture(
            AuthorizationResult.deny(ReasonCode.NOT_AUTHORIZED, "$SYS topics are published by the broker only"));

    private final Supplier<Permissions> acl;

    /** Without ACL rules: everything but publishing to $SYS is allowed. */
    public DefaultAuthorizer() {
        this(() -> Permissions.NONE);
    }

    /** With the configured ACL rules, as they are at the moment of each decision. */
    public DefaultAuthorizer(Supplier<Permissions> acl) {
        this.acl = acl;
    }

    @Override
    public CompletionStage<AuthorizationResult> authorizePublish(ClientInfo client, String topic, Qos qos,
            boolean retain) {
        if (topic.equals("$SYS") || topic.startsWith("$SYS/")) {
            return SYS_DENIED;
        }
        Permissions permissions = permissionsOf(client);
        return permissions == null ? ALLOWED
                : CompletableFuture.completedFuture(permissions.authorizePublish(client, topic, qos));
    }

    @Override
    public CompletionStage<AuthorizationResult> authorizeSubscribe(ClientInfo client, TopicFilter filter, Qos qos) {
        Permissions permissions = permissionsOf(client);
        return permissions == null ? ALLOWED
                : CompletableFuture.completedFuture(permissions.authorizeSubscribe(client, filter, qos));
    }

    private @Nullable Permissions permissionsOf(ClientInfo client) {
        if (client.permissions() != null) {
            return client.permissions();
        }
        Permissions configured = acl.get();
        return configured.isEmpty() ? null : configured;
    }
}
