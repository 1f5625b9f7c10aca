package io.petrel.routing;

/**
 * Rules for topic names, the topics that PUBLISH packets carry ([MQTT-4.7.3]): at least one character,
 * no wildcard and no U+0000. Well-formed UTF-8 is checked by the decoder before a name gets here.
 */
public final class TopicName {

    private TopicName() {}

    public static boolean isValid(String topic) {
        if (topic.isEmpty()) {
            return false; // [MQTT-4.7.3-1]
        }
        for (int i = 0; i < topic.length(); i++) {
            char c = topic.charAt(i);
            if (c == '+' || c == '#') {
                return false; // [MQTT-3.3.2-2]
            }
            if (c == '\u0000') {
                return false; // [MQTT-1.5.3-2]
            }
        }
        return true;
    }

    /** Splits a topic name or filter into its levels; empty levels are kept ("a//b" has three). */
    public static String[] levels(String topic) {
        int count = 1;
        for (int i = 0; i < topic.length(); i++) {
            if (topic.charAt(i) == '/') {
                count++;
            }
        }
        String[] levels = new String[count];
        int start = 0;
        int level = 0;
        for (int i = 0; i < topic.length(); i++) {
            if (topic.charAt(i) == '/') {
                levels[level++] = topic.substring(start, i);
                start = i + 1;
            }
        }
        levels[level] = topic.substring(start);
        return levels;
    }

    /** Topics beginning with '$' are not matched by filters that begin with a wildcard [MQTT-4.7.2-1]. */
    public static boolean isReserved(String topic) {
        return !topic.isEmpty() && topic.charAt(0) == '$';
    }
}
