package io.petrel.cluster;

import io.petrel.routing.Subscription;
import io.petrel.routing.SubscriptionIndex;
import io.petrel.routing.SubscriptionTree;
import io.petrel.routing.TopicFilter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * This node's copy of the other nodes' subscriptions, and which node each of their clients is on. The router
 * matches it beside the local subscriptions. Reads are thread-safe and take no lock; changes come from Redis
 * and are applied on the cluster thread only, one filter at a time, by replacing that filter's whole set of
 * subscribers (idempotent, so notifications may repeat or arrive in any order).
 */
public final class RemoteSubscriptions implements SubscriptionIndex {

    private final SubscriptionTree tree = new SubscriptionTree();
    private final Map<String, String> nodeOfClient = new ConcurrentHashMap<>();
    /** Cluster thread only: each filter's subscribers as last read, and how many entries name each client. */
    private final Map<String, Map<String, SubscriptionEntry>> byFilter = new HashMap<>();
    private final Map<String, Integer> entriesOfClient = new HashMap<>();

    @Override
    public void match(String topic, Consumer<Subscription> visitor) {
        tree.match(topic, visitor);
    }

    /** The node that owns the client's session, or null when no other node has a subscription of it. */
    public @Nullable String nodeOf(String clientId) {
        return nodeOfClient.get(clientId);
    }

    /** Replaces the other nodes' subscribers of one filter (cluster thread). */
    void replace(String filterText, Map<String, SubscriptionEntry> subscribers) {
        Optional<TopicFilter> parsed = TopicFilter.parse(filterText);
        if (parsed.isEmpty()) {
            return;
        }
        TopicFilter filter = parsed.get();
        Map<String, SubscriptionEntry> previous = byFilter.getOrDefault(filterText, Map.of());
        for (String clientId : previous.keySet()) {
            if (!subscribers.containsKey(clientId)) {
                tree.remove(clientId, filter);
                release(clientId);
            }
        }
        subscribers.forEach((clientId, entry) -> {
            SubscriptionEntry before = previous.get(clientId);
            if (!entry.equals(before)) {
                tree.add(entry.toSubscription(clientId, filter));
            }
            if (before == null) {
                entriesOfClient.merge(clientId, 1, Integer::sum);
            }
            nodeOfClient.put(clientId, entry.nodeId());
        });
        if (subscribers.isEmpty()) {
            byFilter.remove(filterText);
        } else {
            byFilter.put(filterText, Map.copyOf(subscribers));
        }
    }

    /** Replaces everything with a full read of Redis (cluster thread). */
    void replaceAll(Map<String, Map<String, SubscriptionEntry>> everything) {
        for (String filter : Map.copyOf(byFilter).keySet()) {
            if (!everything.containsKey(filter)) {
                replace(filter, Map.of());
            }
        }
        everything.forEach(this::replace);
    }

    private void release(String clientId) {
        if (entriesOfClient.merge(clientId, -1, Integer::sum) <= 0) {
            entriesOfClient.remove(clientId);
            nodeOfClient.remove(clientId);
        }
    }

    /** The filters to which the client is subscribed with a session parked in Redis (owner ""); cluster thread. */
    List<String> parkedFiltersOf(String clientId) {
        List<String> filters = new ArrayList<>();
        byFilter.forEach((filter, subscribers) -> {
            SubscriptionEntry entry = subscribers.get(clientId);
            if (entry != null && entry.nodeId().isEmpty()) {
                filters.add(filter);
            }
        });
        return filters;
    }

    /** How many subscriptions of other nodes this node knows. */
    public int size() {
        return tree.size();
    }
}
