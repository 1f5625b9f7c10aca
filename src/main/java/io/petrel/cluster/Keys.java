package io.petrel.cluster;

/**
 * The Redis key layout of cluster mode; every key starts with {@code petrel:}. A topic filter or topic name
 * is written into its key as it is: braces in it only act as a Redis Cluster hash tag, which still keeps one
 * filter's or topic's key on one master.
 */
final class Keys {

    static final String PREFIX = "petrel:";
    /** {@code petrel:node:{id}}: a node's heartbeat, a string with a TTL. */
    static final String NODE = PREFIX + "node:";
    /** {@code petrel:subs:{filter}}: the subscribers of one filter, a hash of client id to options. */
    static final String SUBSCRIPTIONS = PREFIX + "subs:";
    /** A counter incremented by every subscription change, to notice a missed notification. */
    static final String SUBSCRIPTIONS_VERSION = PREFIX + "version:subs";
    /** {@code petrel:inbox:{node}}: the stream of messages forwarded to a node. */
    static final String INBOX = PREFIX + "inbox:";
    /** {@code petrel:retained:{topic}}: a retained message, with a TTL when it expires. */
    static final String RETAINED = PREFIX + "retained:";
    /** {@code petrel:probe:{node}}: written once at start-up to prove keyspace notifications arrive. */
    static final String PROBE = PREFIX + "probe:";

    private Keys() {}

    static String node(String nodeId) {
        return NODE + nodeId;
    }

    static String subscriptions(String filter) {
        return SUBSCRIPTIONS + filter;
    }

    static String inbox(String nodeId) {
        return INBOX + nodeId;
    }

    static String retained(String topic) {
        return RETAINED + topic;
    }

    static String probe(String nodeId) {
        return PROBE + nodeId;
    }
}
