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
 *
 * <p>Decisions: allow, allow a subscription with a lower QoS than requested ({@link
 * AuthorizationResult#allow(Qos)}), or deny with a reason code (MQTT 5 clients see it in PUBACK, PUBREC or
 * SUBACK; an MQTT 3.1.1 publisher is disconnected and a subscriber gets SUBACK 0x80).
 *
 * <p>Caching: the broker asks on every PUBLISH and every SUBSCRIBE and caches nothing, so an answer may
 * change at any time (after an ACL reload, say). An implementation that asks a remote service should not
 * do so per message: let the {@link Authenticator} attach {@link Permissions} to the client at CONNECT
 * ({@link ClientInfo#permissions()}), which hold for the whole connection and are evaluated in memory, or
 * cache decisions keyed by client id and topic for no longer than the connection lives, since the same
 * client id may come back with other credentials.
 */
public interface Authorizer {

    /** Whether {@code client} may publish to {@code topic} with this QoS and retain flag (wills included). */
    CompletionStage<AuthorizationResult> authorizePublish(ClientInfo client, String topic, Qos qos, boolean retain);

    /**
     * Whether {@code client} may subscribe to {@code filter}, whose {@link TopicFilter#shareGroup()} names
     * the group of a shared subscription, and with which QoS at most.
     */
    CompletionStage<AuthorizationResult> authorizeSubscribe(ClientInfo client, TopicFilter filter, Qos qos);
}
