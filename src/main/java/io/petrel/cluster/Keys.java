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
    /** The set of node ids that have joined and not been reaped. */
    static final String NODES = PREFIX + "nodes";
    /** {@code petrel:session:{clientId}}: a session's owner node, epoch, expiry, will and subscriptions. */
    static final String SESSION = PREFIX + "session:";
    /** {@code petrel:queue:{clientId}}: the messages held for a session whose node is gone, oldest first. */
    static final String QUEUE = PREFIX + "queue:";
    /** {@code petrel:node-sessions:{node}}: the client ids whose sessions a node owns. */
    static final String NODE_SESSIONS = PREFIX + "node-sessions:";
    /** {@code petrel:reaper:{node}}: the lock one survivor holds while it cleans up after a dead node. */
    static final String REAPER = PREFIX + "reaper:";

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

    /**
     * A session's hash. The client id sits in braces, a Redis Cluster hash tag, so the session and its queue
     * share a slot and one script can use both.
     */
    static String session(String clientId) {
        return SESSION + '{' + clientId + '}';
    }

    static String queue(String clientId) {
        return QUEUE + '{' + clientId + '}';
    }

    static String nodeSessions(String nodeId) {
        return NODE_SESSIONS + nodeId;
    }

    static String reaper(String nodeId) {
        return REAPER + nodeId;
    }

    static String probe(String nodeId) {
        return PROBE + nodeId;
    }
}
