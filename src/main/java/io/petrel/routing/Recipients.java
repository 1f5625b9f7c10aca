package io.petrel.routing;

import io.petrel.message.Message;
import io.petrel.message.Qos;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Who receives one message, collected while the subscription index is searched: each client once, its
 * matching subscriptions merged, and the members of each shared subscription group. Subscriptions with
 * no-local never take their own client's messages [MQTT-3.8.3-3].
 *
 * <p>Most messages have one subscriber, so the first client is kept in fields and the maps are created
 * only for a second client or a shared group: routing one message then allocates two small objects
 * instead of two hash maps with their tables, entries and iterators.
 */
final class Recipients implements Consumer<Subscription> {

    /** What one client receives of the message, merged over its matching subscriptions. */
    static final class Match {
        private Qos qos = Qos.AT_MOST_ONCE;
        private boolean retain;
        private List<Integer> subscriptionIds = List.of();

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

    private final Message message;
    private @Nullable String firstClient;
    private @Nullable Match firstMatch;
    private @Nullable Map<String, Match> otherClients;
    private @Nullable Map<String, List<Subscription>> sharedGroups;

    Recipients(Message message) {
        this.message = message;
    }

    @Override
    public void accept(Subscription subscription) {
        if (subscription.options().noLocal() && subscription.clientId().equals(message.origin())) {
            return;
        }
        if (subscription.filter().isShared()) {
            if (sharedGroups == null) {
                sharedGroups = new HashMap<>();
            }
            sharedGroups.computeIfAbsent(subscription.filter().text(), group -> new ArrayList<>(2)).add(subscription);
        } else {
            matchOf(subscription.clientId()).add(subscription, message);
        }
    }

    private Match matchOf(String clientId) {
        if (firstClient == null) {
            firstClient = clientId;
            firstMatch = new Match();
        }
        if (firstClient.equals(clientId)) {
            return firstMatch;
        }
        if (otherClients == null) {
            otherClients = new HashMap<>();
        }
        return otherClients.computeIfAbsent(clientId, id -> new Match());
    }

    /** Hands the message to each client that receives it directly (not through a shared group); returns how many took it. */
    int deliverToClients(DeliveryTarget target) {
        int delivered = 0;
        if (firstClient != null && target.deliver(firstClient, firstMatch.toDelivery(message, null))) {
            delivered++;
        }
        if (otherClients != null) {
            for (Map.Entry<String, Match> client : otherClients.entrySet()) {
                if (target.deliver(client.getKey(), client.getValue().toDelivery(message, null))) {
                    delivered++;
                }
            }
        }
        return delivered;
    }

    /** Each shared subscription group with its matching members. */
    Collection<Map.Entry<String, List<Subscription>>> sharedGroups() {
        return sharedGroups == null ? List.of() : sharedGroups.entrySet();
    }
}
