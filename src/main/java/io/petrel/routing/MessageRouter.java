package io.petrel.routing;

import io.petrel.message.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Fans a published message out to its subscribers. A client whose subscriptions overlap receives the
 * message once, at the highest QoS granted among the matching ones, with the identifiers of all of them
 * [MQTT-3.3.4-3]; each shared subscription group receives it once, through one member. Subscriptions with
 * no-local never receive their own client's messages [MQTT-3.8.3-3] (see {@link Recipients}). Thread-safe.
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

    /** Routes a message to every matching subscription; returns how many subscribers it was handed to. */
    public int route(Message message) {
        Recipients recipients = new Recipients(message);
        subscriptions.match(message.topic(), recipients);
        int delivered = recipients.deliverToClients(target);
        for (Map.Entry<String, List<Subscription>> group : recipients.sharedGroups()) {
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
        Recipients.Match match = new Recipients.Match();
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
