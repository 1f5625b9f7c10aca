package io.petrel.routing;

/**
 * One level of a topic name, read in place: a key that finds a level in a trie node's children without
 * copying it out of the name. Matching a PUBLISH's topic against the subscriptions thus allocates this one
 * object instead of an array and a string per level (a tenth of what the broker allocated per message,
 * bench/RESULTS.md).
 *
 * <p>Only for lookups: it is equal to the {@link String} with the same characters and has that string's hash
 * code, which is what {@link java.util.concurrent.ConcurrentHashMap#get} compares by, but no string is equal
 * to it, so it must never be stored as a key. Not thread-safe: one per walk.
 */
final class TopicLevel {

    private final String topic;
    private int start;
    private int end;
    private int hash;

    TopicLevel(String topic) {
        this.topic = topic;
    }

    int topicLength() {
        return topic.length();
    }

    /** Points at the level that begins at {@code start}; returns the index just past its end. */
    int moveTo(int start) {
        int slash = topic.indexOf('/', start);
        this.start = start;
        this.end = slash < 0 ? topic.length() : slash;
        int h = 0; // String.hashCode over the level's characters
        for (int i = start; i < end; i++) {
            h = 31 * h + topic.charAt(i);
        }
        this.hash = h;
        return end;
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof String level && level.length() == end - start
                && topic.regionMatches(start, level, 0, end - start);
    }

    @Override
    public String toString() {
        return topic.substring(start, end);
    }
}
