package io.petrel.auth;

import io.petrel.message.Qos;
import io.petrel.routing.TopicFilter;
import java.util.concurrent.CompletionStage;

/**
 * Decides what an accepted client may publish and subscribe to. Declare a bean of this type to replace
 * the default.
 *
 * <p>Threading: called on the client's network event loop and must not block there. Return a completed
 * stage for decisions made in memory (the fast path: the broker continues at once); for a remote check
 * return a stage completed later from another thread, and the broker reads nothing more from that client
 * until it completes, so order is kept. An exception or a failed stage denies.
 */
public interface Authorizer {

    CompletionStage<AuthorizationResult> authorizePublish(ClientInfo client, String topic, Qos qos, boolean retain);

    CompletionStage<AuthorizationResult> authorizeSubscribe(ClientInfo client, TopicFilter filter, Qos qos);
}
