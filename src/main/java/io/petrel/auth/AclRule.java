package io.petrel.auth;

import io.petrel.message.Qos;
import org.jspecify.annotations.Nullable;

/**
 * One ACL rule: allow or deny publishing and/or subscribing to topics matched by a pattern, for the clients
 * it names (by user name, client id and role; a rule that names none applies to every client).
 *
 * @param maxQos for an allow rule, the highest QoS it allows: a subscription is granted at most this QoS,
 *     a publish with a higher one is denied; null for any
 * @param anonymousOnly whether the rule applies only to clients without a user name (mosquitto's
 *     anonymous section)
 */
public record AclRule(Access access, Action action, TopicPattern topic, @Nullable String username,
        @Nullable String clientId, @Nullable String role, @Nullable Qos maxQos, boolean anonymousOnly) {

    /** What a rule does when it matches. */
    public enum Access { ALLOW, DENY }

    /** What a rule is about. */
    public enum Action {
        PUBLISH, SUBSCRIBE, ALL;

        boolean includesPublish() {
            return this != SUBSCRIBE;
        }

        boolean includesSubscribe() {
            return this != PUBLISH;
        }
    }

    /** A rule for every client. */
    public static AclRule of(Access access, Action action, String topic) {
        return new AclRule(access, action, TopicPattern.parse(topic), null, null, null, null, false);
    }

    /** Whether the rule names this client (or names nobody in particular). */
    public boolean appliesTo(ClientInfo client) {
        return (username == null || username.equals(client.username()))
                && (clientId == null || clientId.equals(client.clientId()))
                && (role == null || client.roles().contains(role))
                && (!anonymousOnly || client.username() == null);
    }
}
