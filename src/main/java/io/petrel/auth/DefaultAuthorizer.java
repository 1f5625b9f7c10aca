package io.petrel.auth;

import io.petrel.message.Qos;
import io.petrel.message.ReasonCode;
import io.petrel.routing.TopicFilter;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** The default: everything is allowed except publishing to {@code $SYS/...}, which only the broker does. */
public final class DefaultAuthorizer implements Authorizer {

    private static final CompletionStage<AuthorizationResult> ALLOWED =
            CompletableFuture.completedFuture(AuthorizationResult.allow());
    private static final CompletionStage<AuthorizationResult> SYS_DENIED = CompletableFuture.completedFuture(
            AuthorizationResult.deny(ReasonCode.NOT_AUTHORIZED, "$SYS topics are published by the broker only"));

    @Override
    public CompletionStage<AuthorizationResult> authorizePublish(ClientInfo client, String topic, Qos qos,
            boolean retain) {
        return topic.startsWith("$SYS/") || topic.equals("$SYS") ? SYS_DENIED : ALLOWED;
    }

    @Override
    public CompletionStage<AuthorizationResult> authorizeSubscribe(ClientInfo client, TopicFilter filter, Qos qos) {
        return ALLOWED;
    }
}
