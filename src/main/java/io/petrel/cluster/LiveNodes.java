package io.petrel.cluster;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Which nodes are alive: every node that joined is in {@code petrel:nodes}, and a node is alive while its
 * heartbeat key exists. Refreshed every heartbeat interval; a member whose heartbeat expired is handed to
 * {@code onDead} (the reaper) each time until it is reaped.
 */
public final class LiveNodes {

    private final String nodeId;
    private final RedisLink redis;
    private final Consumer<String> onDead;
    private final Set<String> alive = ConcurrentHashMap.newKeySet();

    public LiveNodes(String nodeId, RedisLink redis, Consumer<String> onDead) {
        this.nodeId = nodeId;
        this.redis = redis;
        this.onDead = onDead;
    }

    /** Whether the node's heartbeat was seen at the last refresh (this node is always alive to itself). */
    public boolean isAlive(String node) {
        return node.equals(nodeId) || alive.contains(node);
    }

    /** This node joins: it stays a member until another node reaps it after its death. */
    void join() {
        redis.commands().sadd(Keys.NODES, nodeId.getBytes(StandardCharsets.UTF_8));
    }

    /** Re-reads the members and their heartbeats; Redis being down leaves the last known state. */
    void refresh() {
        redis.commands().smembers(Keys.NODES).thenAccept(members -> {
            List<String> others = members.stream().map(member -> new String(member, StandardCharsets.UTF_8))
                    .filter(member -> !member.equals(nodeId)).toList();
            List<CompletableFuture<Long>> beats = others.stream()
                    .map(member -> redis.commands().exists(Keys.node(member)).toCompletableFuture()).toList();
            CompletableFuture.allOf(beats.toArray(CompletableFuture[]::new)).thenRun(() -> {
                alive.retainAll(others);
                for (int i = 0; i < others.size(); i++) {
                    String member = others.get(i);
                    if (beats.get(i).join() == 1L) {
                        alive.add(member);
                    } else {
                        alive.remove(member);
                        onDead.accept(member);
                    }
                }
            });
        });
    }

    /** The other nodes alive at the last refresh. */
    public Set<String> others() {
        return Set.copyOf(alive);
    }
}
