package io.petrel.cluster;

import io.lettuce.core.ScriptOutputType;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * A session parked in Redis (its node died or left) ends when Redis expires its key after the session expiry
 * interval. Its subscriptions, which name no node, would then stay in the filters' hashes for ever, and every
 * matching message would still go to Redis for nobody. On the {@code expired} notification of a session key,
 * each node removes the parked fields it knows for that client (a removal only takes a field that still names
 * no node, so nodes doing it at the same time, or a client that came back meanwhile, are safe).
 */
public final class ParkedSessionExpiry {

    private static final byte[] NO_NODE = "|".getBytes(StandardCharsets.UTF_8);

    private final RedisLink redis;
    private final Executor clusterThread;
    private final RemoteSubscriptions remote;

    public ParkedSessionExpiry(RedisLink redis, Executor clusterThread, RemoteSubscriptions remote,
            KeyspaceEvents events) {
        this.redis = redis;
        this.clusterThread = clusterThread;
        this.remote = remote;
        events.on(Keys.SESSION, this::onSessionEvent);
    }

    private void onSessionEvent(String key, String event) {
        if (!event.equals("expired") || !key.endsWith("}")) {
            return;
        }
        String clientId = key.substring(Keys.SESSION.length() + 1, key.length() - 1);
        clusterThread.execute(() -> {
            for (String filter : remote.parkedFiltersOf(clientId)) {
                redis.commands().<Long>eval(LocalSubscriptions.DELETE_IF_OWNED, ScriptOutputType.INTEGER,
                                new String[] {Keys.subscriptions(filter)}, clientId.getBytes(StandardCharsets.UTF_8),
                                NO_NODE)
                        .thenCompose(deleted -> deleted == 1L ? redis.commands().incr(Keys.SUBSCRIPTIONS_VERSION)
                                : CompletableFuture.completedFuture(0L));
            }
        });
    }
}
