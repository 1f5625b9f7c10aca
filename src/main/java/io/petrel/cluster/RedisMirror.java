package io.petrel.cluster;

import java.util.concurrent.CompletionStage;

/**
 * State this node keeps in memory as a copy of keys in Redis, kept current by keyspace notifications. Since
 * notifications are fire-and-forget, {@link ClusterNode} loads it in full at start-up (readiness waits for
 * it) and again after a Redis outage, when notifications may have been missed.
 */
public interface RedisMirror {

    /**
     * Reads the keys again and replaces the copy with what Redis holds; never blocks the caller.
     *
     * @param reason why, for the log
     */
    CompletionStage<Void> load(String reason);
}
