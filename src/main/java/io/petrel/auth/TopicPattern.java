package io.petrel.auth;

import io.petrel.routing.TopicFilter;
import io.petrel.routing.TopicName;
import org.jspecify.annotations.Nullable;

/**
 * The topic of an ACL rule: a topic filter in which {@code %c} stands for the client id and {@code %u} for
 * the user name. A client id or user name containing {@code +}, {@code #} or {@code /} is never put into a
 * pattern, since it would widen the rule (client id {@code a/#} must not turn {@code devices/%c} into
 * {@code devices/a/#}); such a pattern then matches nothing for that client, and neither does a {@code %u}
 * pattern for a client without a user name.
 */
public final class TopicPattern {

    private final String text;
    private final String[] levels;
    private final boolean placeholders;

    private TopicPattern(String text, String[] levels) {
        this.text = text;
        this.levels = levels;
        this.placeholders = text.contains("%c") || text.contains("%u");
    }

    /** Parses a pattern; throws when it is not a valid topic filter with its placeholders filled in. */
    public static TopicPattern parse(String text) {
        String filled = text.replace("%c", "c").replace("%u", "u");
        if (TopicFilter.parse(filled).filter(filter -> !filter.isShared()).isEmpty()) {
            throw new IllegalArgumentException("not a valid ACL topic pattern: '" + text + "'");
        }
        return new TopicPattern(text, TopicName.levels(text));
    }

    public String text() {
        return text;
    }

    /** Whether a PUBLISH to {@code topic} by this client matches. */
    public boolean matchesTopic(ClientInfo client, String topic) {
        String[] pattern = resolve(client);
        return pattern != null && TopicLevels.matches(pattern, TopicName.levels(topic));
    }

    /** Whether every topic that {@code filter} can match is matched by this pattern too. */
    public boolean covers(ClientInfo client, TopicFilter filter) {
        String[] pattern = resolve(client);
        return pattern != null && TopicLevels.covers(pattern, filter.levels());
    }

    /** Whether some topic is matched both by this pattern and by {@code filter}. */
    public boolean overlaps(ClientInfo client, TopicFilter filter) {
        String[] pattern = resolve(client);
        return pattern != null && TopicLevels.overlap(pattern, filter.levels());
    }

    /** The levels with this client's placeholders filled in; null when they cannot be, safely. */
    private String @Nullable [] resolve(ClientInfo client) {
        if (!placeholders) {
            return levels;
        }
        String[] resolved = new String[levels.length];
        for (int i = 0; i < levels.length; i++) {
            String level = levels[i];
            if (level.contains("%c")) {
                if (!isSafe(client.clientId())) {
                    return null;
                }
                level = level.replace("%c", client.clientId());
            }
            if (level.contains("%u")) {
                String username = client.username();
                if (username == null || !isSafe(username)) {
                    return null;
                }
                level = level.replace("%u", username);
            }
            resolved[i] = level;
        }
        return resolved;
    }

    private static boolean isSafe(String value) {
        return value.indexOf('+') < 0 && value.indexOf('#') < 0 && value.indexOf('/') < 0;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TopicPattern that && text.equals(that.text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }
}
