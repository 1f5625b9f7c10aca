package io.petrel.auth;

/**
 * Comparisons of topic filters level by level, with MQTT's wildcard rules: {@code +} is one level,
 * {@code #} is the parent level and everything below it, and neither matches a first level starting with
 * {@code $} [MQTT-4.7.2-1].
 */
final class TopicLevels {

    private TopicLevels() {}

    /** Whether {@code filter} matches the topic name {@code topic}. */
    static boolean matches(String[] filter, String[] topic) {
        for (int i = 0; i < filter.length; i++) {
            String level = filter[i];
            if (i == 0 && isWildcard(level) && isReserved(topic)) {
                return false;
            }
            if (level.equals("#")) {
                return true;
            }
            if (i >= topic.length || (!level.equals("+") && !level.equals(topic[i]))) {
                return false;
            }
        }
        return filter.length == topic.length;
    }

    /** Whether every topic that {@code inner} matches is matched by {@code outer} too. */
    static boolean covers(String[] outer, String[] inner) {
        for (int i = 0; i < outer.length; i++) {
            String level = outer[i];
            if (i == 0 && isWildcard(level) && isReserved(inner)) {
                return false;
            }
            if (level.equals("#")) {
                return true; // also when inner ends at the parent level: "a/#" covers "a"
            }
            if (i >= inner.length || inner[i].equals("#")) {
                return false;
            }
            if (!level.equals("+") && !level.equals(inner[i])) {
                return false; // a literal covers only the same literal, never "+"
            }
        }
        return outer.length == inner.length;
    }

    /** Whether some topic is matched by both filters. */
    static boolean overlap(String[] a, String[] b) {
        int common = Math.min(a.length, b.length);
        for (int i = 0; i < common; i++) {
            if (i == 0 && (isWildcard(a[0]) && isReserved(b) || isWildcard(b[0]) && isReserved(a))) {
                return false;
            }
            if (a[i].equals("#") || b[i].equals("#")) {
                return true;
            }
            if (!a[i].equals("+") && !b[i].equals("+") && !a[i].equals(b[i])) {
                return false;
            }
        }
        if (a.length == b.length) {
            return true;
        }
        String[] longer = a.length > b.length ? a : b;
        return longer.length == common + 1 && longer[common].equals("#"); // "a" and "a/#" share topic "a"
    }

    private static boolean isWildcard(String level) {
        return level.equals("+") || level.equals("#");
    }

    private static boolean isReserved(String[] levels) {
        return levels.length > 0 && levels[0].startsWith("$");
    }
}
