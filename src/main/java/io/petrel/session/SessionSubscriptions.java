package io.petrel.session;

import io.petrel.routing.Subscription;
import io.petrel.routing.SubscriptionTree;
import io.petrel.routing.TopicFilter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One session's subscriptions by filter, kept in step with the broker's subscription tree, which routes by
 * them. Confined to the session's owner, like the rest of its state.
 */
final class SessionSubscriptions {

    private final String clientId;
    private final SubscriptionTree tree;
    private final Map<TopicFilter, Subscription> byFilter = new HashMap<>(4);

    SessionSubscriptions(String clientId, SubscriptionTree tree) {
        this.clientId = clientId;
        this.tree = tree;
    }

    /** Adds or replaces a subscription; returns true when one to the same filter already existed. */
    boolean add(Subscription subscription) {
        tree.add(subscription);
        return byFilter.put(subscription.filter(), subscription) != null;
    }

    /** Removes a subscription; returns false when there was none for that filter. */
    boolean remove(TopicFilter filter) {
        if (byFilter.remove(filter) == null) {
            return false;
        }
        tree.remove(clientId, filter);
        return true;
    }

    /** Takes every subscription out of the tree, as the session ends. */
    void removeAll() {
        for (TopicFilter filter : byFilter.keySet()) {
            tree.remove(clientId, filter);
        }
        byFilter.clear();
    }

    int size() {
        return byFilter.size();
    }

    boolean contains(TopicFilter filter) {
        return byFilter.containsKey(filter);
    }

    List<Subscription> list() {
        return new ArrayList<>(byFilter.values());
    }
}
