package io.petrel.routing;

import io.petrel.message.Message;
import io.petrel.message.Qos;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Fans a published message out to its subscribers. A client whose subscriptions overlap receives the
 * message once, at the highest QoS granted among the matching ones, with the identifiers of all of them
 * [MQTT-3.3.4-3]; each shared subscription group receives it once, through one member. Subscriptions with
 * no-local never receive their own client's messages [MQTT-3.8.3-3]. Thread-safe.
 */
public final class MessageRouter {

    private final SubscriptionIndex subscriptions;
    private final DeliveryTarget target;
    private final SharedGroupSelector sharedGroups;

    public MessageRouter(SubscriptionIndex subscriptions, DeliveryTarget target, SharedSubscriptionStrategy strategy) {
        this.subscriptions = subscriptions;
        this.target = target;
        this.sharedGroups = new SharedGroupSelector(strategy);
    }

    /** A router whose shared subscription groups take turns (round-robin). */
    public MessageRouter(SubscriptionIndex subscriptions, DeliveryTarget target) {
        this(subscriptions, target, SharedSubscriptionStrategy.ROUND_ROBIN);
    }

    /** What one client receives of a message, merged over its matching subscriptions. */
    private static final class Match {
        Qos qos = Qos.AT_MOST_ONCE;
        boolean retain;
        List<Integer> subscriptionIds = List.of();

        void add(Subscription subscription, Message message) {
            qos = qos.max(subscription.qos());
            // [MQTT-3.3.1-12] the retain flag is kept only for subscriptions with retain-as-published
            retain |= subscription.options().retainAsPublished() && message.retain();
            int id = subscription.options().subscriptionId();
            if (id != 0) {
                if (subscriptionIds.isEmpty()) {
                    subscriptionIds = new ArrayList<>(2);
                }
                subscriptionIds.add(id);
            }
        }

        Delivery toDelivery(Message message, @Nullable String sharedGroup) {
            return new Delivery(message, message.qos().min(qos), retain, subscriptionIds, sharedGroup);
        }
    }

    /** Routes a message to every matching subscription; returns how many subscribers it was handed to. */
    public int route(Message message) {
        Map<String, Match> direct = new HashMap<>();
        Map<String, List<Subscription>> shared = new HashMap<>();
        subscriptions.match(message.topic(), subscription -> {
            if (subscription.options().noLocal() && subscription.clientId().equals(message.origin())) {
                return;
            }
            if (subscription.filter().isShared()) {
                shared.computeIfAbsent(subscription.filter().text(), group -> new ArrayList<>(2)).add(subscription);
            } else {
                direct.computeIfAbsent(subscription.clientId(), clientId -> new Match()).add(subscription, message);
            }
        });
        int delivered = 0;
        for (Map.Entry<String, Match> entry : direct.entrySet()) {
            if (target.deliver(entry.getKey(), entry.getValue().toDelivery(message, null))) {
                delivered++;
            }
        }
        for (Map.Entry<String, List<Subscription>> group : shared.entrySet()) {
            if (deliverToGroup(group.getKey(), group.getValue(), message)) {
                delivered++;
            }
        }
        target.flush();
        return delivered;
    }

    private boolean deliverToGroup(String group, List<Subscription> members, Message message) {
        if (members.isEmpty()) {
            return false;
        }
        Subscription member = sharedGroups.select(group, members, message, target::isConnected);
        Match match = new Match();
        match.add(member, message);
        return target.deliver(member.clientId(), match.toDelivery(message, group));
    }

    /**
     * Gives a message that a member of a shared subscription group left unacknowledged to another member
     * of that group; the leaving member only gets it back when nobody else is subscribed. Returns false
     * when the group no longer exists.
     */
    public boolean redeliverToGroup(Delivery delivery, String leavingClientId) {
        String group = delivery.sharedGroup();
        if (group == null) {
            return false;
        }
        List<Subscription> members = new ArrayList<>();
        List<Subscription> leaving = new ArrayList<>(1);
        subscriptions.match(delivery.message().topic(), subscription -> {
            if (subscription.filter().text().equals(group)) {
                (subscription.clientId().equals(leavingClientId) ? leaving : members).add(subscription);
            }
        });
        boolean delivered = deliverToGroup(group, members.isEmpty() ? leaving : members, delivery.message());
        target.flush();
        return delivered;
    }
}
