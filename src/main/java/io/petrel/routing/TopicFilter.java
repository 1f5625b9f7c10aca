package io.petrel.routing;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A validated topic filter as a SUBSCRIBE carries it. A shared subscription {@code $share/{group}/{filter}}
 * keeps its group apart: {@link #levels()} are those of the filter that messages are matched against.
 */
public final class TopicFilter {

    private static final String SHARE_PREFIX = "$share/";

    private final String text;
    private final @Nullable String shareGroup;
    private final String[] levels;

    private TopicFilter(String text, @Nullable String shareGroup, String[] levels) {
        this.text = text;
        this.shareGroup = shareGroup;
        this.levels = levels;
    }

    /** Parses a filter; empty when it breaks the rules of [MQTT-4.7.1] or of shared subscriptions. */
    public static Optional<TopicFilter> parse(String text) {
        String filter = text;
        String group = null;
        if (text.startsWith(SHARE_PREFIX)) {
            int slash = text.indexOf('/', SHARE_PREFIX.length());
            if (slash < 0) {
                return Optional.empty();
            }
            group = text.substring(SHARE_PREFIX.length(), slash);
            filter = text.substring(slash + 1);
            if (group.isEmpty() || group.indexOf('+') >= 0 || group.indexOf('#') >= 0) {
                return Optional.empty();
            }
        }
        if (filter.isEmpty() || filter.indexOf('\u0000') >= 0) {
            return Optional.empty(); // [MQTT-4.7.3-1], [MQTT-1.5.3-2]
        }
        String[] levels = TopicName.levels(filter);
        for (int i = 0; i < levels.length; i++) {
            if (!isValidLevel(levels[i], i == levels.length - 1)) {
                return Optional.empty();
            }
        }
        return Optional.of(new TopicFilter(text, group, levels));
    }

    private static boolean isValidLevel(String level, boolean last) {
        if (level.equals("#")) {
            return last; // [MQTT-4.7.1-2] '#' is the last character and stands alone in its level
        }
        if (level.equals("+")) {
            return true;
        }
        return level.indexOf('#') < 0 && level.indexOf('+') < 0; // [MQTT-4.7.1-3]
    }

    /** The filter as the client sent it, including any {@code $share/{group}/} prefix. */
    public String text() {
        return text;
    }

    public @Nullable String shareGroup() {
        return shareGroup;
    }

    public boolean isShared() {
        return shareGroup != null;
    }

    /** The levels messages are matched against (without the share prefix). */
    public String[] levels() {
        return levels.clone();
    }

    String[] levelsView() {
        return levels;
    }

    public boolean hasWildcard() {
        for (String level : levels) {
            if (level.equals("+") || level.equals("#")) {
                return true;
            }
        }
        return false;
    }

    /** Whether this filter matches a topic name; the same rules as the subscription tree. */
    public boolean matches(String topic) {
        String[] topicLevels = TopicName.levels(topic);
        boolean reserved = TopicName.isReserved(topic);
        for (int i = 0; i < levels.length; i++) {
            String level = levels[i];
            boolean wildcard = level.equals("+") || level.equals("#");
            if (i == 0 && reserved && wildcard) {
                return false; // [MQTT-4.7.2-1]
            }
            if (level.equals("#")) {
                return true;
            }
            if (i >= topicLevels.length || (!level.equals("+") && !level.equals(topicLevels[i]))) {
                return false;
            }
        }
        return topicLevels.length == levels.length;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TopicFilter that && text.equals(that.text);
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
