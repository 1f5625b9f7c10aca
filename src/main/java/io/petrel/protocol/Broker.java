package io.petrel.protocol;

import io.petrel.auth.Authenticator;
import io.petrel.auth.Authorizer;
import io.petrel.auth.EnhancedAuthenticators;
import io.petrel.event.EventSink;
import io.petrel.intercept.PublishInterceptors;
import io.petrel.retain.RetainedMessageStore;
import io.petrel.session.MessagePublisher;
import io.petrel.session.SessionRegistry;
import java.util.concurrent.Executor;

/**
 * The broker services that every connection uses, wired once. All of them are thread-safe.
 *
 * @param settings protocol limits
 * @param sessions the session registry
 * @param publisher publishes messages into the broker (retain, then route)
 * @param retainedMessages retained messages, for delivery on subscribe
 * @param authenticator decides CONNECTs; runs on {@code authExecutor}
 * @param enhancedAuthenticators the MQTT 5 enhanced authenticators by method; run on {@code authExecutor}
 * @param authExecutor the bounded executor that runs the authenticators off the event loops
 * @param authorizer decides publishes and subscriptions, on the event loop
 * @param interceptors the publish interceptors; inbound runs after authorization, before routing
 * @param events where lifecycle events go
 */
public record Broker(
        ProtocolSettings settings,
        SessionRegistry sessions,
        MessagePublisher publisher,
        RetainedMessageStore retainedMessages,
        Authenticator authenticator,
        EnhancedAuthenticators enhancedAuthenticators,
        Executor authExecutor,
        Authorizer authorizer,
        PublishInterceptors interceptors,
        EventSink events) {

    /** A broker without interceptors and event listeners. */
    public Broker(ProtocolSettings settings, SessionRegistry sessions, MessagePublisher publisher,
            RetainedMessageStore retainedMessages, Authenticator authenticator,
            EnhancedAuthenticators enhancedAuthenticators, Executor authExecutor, Authorizer authorizer) {
        this(settings, sessions, publisher, retainedMessages, authenticator, enhancedAuthenticators, authExecutor,
                authorizer, PublishInterceptors.NONE, EventSink.NONE);
    }
}
