package io.petrel.auth;

import io.petrel.message.Qos;
import io.petrel.message.ReasonCode;
import io.petrel.routing.TopicFilter;
import java.util.ArrayList;
import java.util.List;

/**
 * An ordered list of ACL rules, evaluated in memory: the first rule that applies to the client and matches
 * decides, and when none does the request is denied.
 *
 * <p>A publish matches a rule whose pattern matches its topic. A subscription is allowed by an allow rule
 * whose pattern covers the whole filter ({@code sensors/#} covers {@code sensors/+/temp}, but {@code
 * sensors/+} does not cover {@code sensors/#}), and refused by a deny rule whose pattern shares any topic
 * with it, so that a wide subscription cannot receive what a deny rule names. The filter of a shared
 * subscription is judged without its {@code $share/group/} prefix.
 */
public final class Permissions {

    /** No rules: everything is denied. */
    public static final Permissions NONE = new Permissions(List.of());

    private final List<AclRule> rules;

    private Permissions(List<AclRule> rules) {
        this.rules = rules;
    }

    public static Permissions of(List<AclRule> rules) {
        return new Permissions(List.copyOf(rules));
    }

    /** These rules followed by {@code later} ones. */
    public Permissions then(Permissions later) {
        List<AclRule> all = new ArrayList<>(rules);
        all.addAll(later.rules);
        return new Permissions(List.copyOf(all));
    }

    public List<AclRule> rules() {
        return rules;
    }

    public boolean isEmpty() {
        return rules.isEmpty();
    }

    public AuthorizationResult authorizePublish(ClientInfo client, String topic, Qos qos) {
        for (AclRule rule : rules) {
            if (rule.action().includesPublish() && rule.appliesTo(client) && rule.topic().matchesTopic(client, topic)) {
                if (rule.access() == AclRule.Access.DENY) {
                    return denied("publishing to " + topic + " is denied by the ACL");
                }
                if (rule.maxQos() != null && qos.value() > rule.maxQos().value()) {
                    return denied("the ACL allows publishing to " + topic + " with QoS " + rule.maxQos().value()
                            + " at most");
                }
                return AuthorizationResult.allow();
            }
        }
        return denied("no ACL rule allows publishing to " + topic);
    }

    public AuthorizationResult authorizeSubscribe(ClientInfo client, TopicFilter filter, Qos qos) {
        for (AclRule rule : rules) {
            if (!rule.action().includesSubscribe() || !rule.appliesTo(client)) {
                continue;
            }
            if (rule.access() == AclRule.Access.DENY && rule.topic().overlaps(client, filter)) {
                return denied("subscribing to " + filter.text() + " is denied by the ACL");
            }
            if (rule.access() == AclRule.Access.ALLOW && rule.topic().covers(client, filter)) {
                return rule.maxQos() == null ? AuthorizationResult.allow() : AuthorizationResult.allow(qos.min(rule.maxQos()));
            }
        }
        return denied("no ACL rule allows subscribing to " + filter.text());
    }

    private static AuthorizationResult denied(String reason) {
        return AuthorizationResult.deny(ReasonCode.NOT_AUTHORIZED, reason);
    }

    @Override
    public String toString() {
        return "Permissions" + rules;
    }
}
