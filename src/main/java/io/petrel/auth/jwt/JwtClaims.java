package io.petrel.auth.jwt;

import io.petrel.auth.AclRule;
import io.petrel.auth.AclRule.Access;
import io.petrel.auth.AclRule.Action;
import io.petrel.auth.Permissions;
import io.petrel.auth.TopicPattern;
import io.petrel.message.Qos;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** Roles and ACL rules read from JWT claims, as JSON parsing leaves them (lists, maps, strings, numbers). */
final class JwtClaims {

    private JwtClaims() {}

    /** An array of strings, or one string of roles separated by spaces or commas; nothing when absent. */
    static Set<String> roles(@Nullable Object claim) {
        Set<String> roles = new LinkedHashSet<>();
        if (claim instanceof String text) {
            Arrays.stream(text.split("[\\s,]+")).filter(role -> !role.isEmpty()).forEach(roles::add);
        } else if (claim instanceof List<?> list) {
            list.forEach(role -> roles.add(string(role, "a role")));
        } else if (claim != null) {
            throw new IllegalArgumentException("roles must be a string or an array of strings");
        }
        return roles;
    }

    /** An array of {@code {permission, action, topic, qos}} objects; the rules apply to this client only. */
    static Permissions permissions(Object claim) {
        if (!(claim instanceof List<?> list)) {
            throw new IllegalArgumentException("the ACL claim must be an array of rules");
        }
        List<AclRule> rules = new ArrayList<>();
        for (Object item : list) {
            if (!(item instanceof Map<?, ?> rule)) {
                throw new IllegalArgumentException("an ACL rule must be an object");
            }
            Object qos = rule.get("qos");
            rules.add(new AclRule(
                    Access.valueOf(upper(rule.containsKey("permission") ? rule.get("permission") : "allow", "permission")),
                    Action.valueOf(upper(rule.containsKey("action") ? rule.get("action") : "all", "action")),
                    TopicPattern.parse(string(rule.get("topic"), "a topic")),
                    null, null, null, qos instanceof Number number ? Qos.of(number.intValue()) : null, false));
        }
        return Permissions.of(rules);
    }

    private static String upper(@Nullable Object value, String what) {
        return string(value, what).toUpperCase(Locale.ROOT);
    }

    private static String string(@Nullable Object value, String what) {
        if (!(value instanceof String text)) {
            throw new IllegalArgumentException("expected " + what + " as a string");
        }
        return text;
    }
}
