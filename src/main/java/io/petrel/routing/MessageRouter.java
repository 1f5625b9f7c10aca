package io.petrel.routing;

import io.petrel.message.Message;
import io.petrel.message.Qos;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fans a published message out to its subscribers. A client whose subscriptions overlap receives the
 * message once, at the highest QoS granted among the matching ones; each shared subscription group
 * receives it once, through one member chosen round-robin, preferring connected members. Thread-safe.
 */
public final class MessageRouter {

    private final SubscriptionTree subscriptions;
    private final DeliveryTarget target;
    private final Map<String, AtomicInteger> sharedCursors = new ConcurrentHashMap<>();

    public MessageRouter(SubscriptionTree subscriptions, DeliveryTarget target) {
        this.subscriptions = subscriptions;
        this.target = target;
    }

    /** Routes a message to every matching subscription; returns how many subscribers it was handed to. */
    public int route(Message message) {
        Map<String, Qos> direct = new HashMap<>();
        Map<String, List<Subscription>> shared = new HashMap<>();
        subscriptions.match(message.topic(), subscription -> {
            if (subscription.filter().isShared()) {
                shared.computeIfAbsent(subscription.filter().text(), group -> new ArrayList<>(2)).add(subscription);
            } else {
                direct.merge(subscription.clientId(), subscription.qos(), Qos::max);
            }
        });
        int delivered = 0;
        for (Map.Entry<String, Qos> entry : direct.entrySet()) {
            if (deliver(entry.getKey(), message, entry.getValue())) {
                delivered++;
            }
        }
        for (Map.Entry<String, List<Subscription>> group : shared.entrySet()) {
            Subscription member = pickMember(group.getKey(), group.getValue());
            if (deliver(member.clientId(), message, member.qos())) {
                delivered++;
            }
        }
        return delivered;
    }

    private boolean deliver(String clientId, Message message, Qos granted) {
        // [MQTT-3.3.1-9] a message sent because of an existing subscription is not flagged retained
        return target.deliver(clientId, new Delivery(message, message.qos().min(granted), false));
    }

    private Subscription pickMember(String group, List<Subscription> members) {
        int start = Math.floorMod(sharedCursors.computeIfAbsent(group, key -> new AtomicInteger()).getAndIncrement(), members.size());
        for (int i = 0; i < members.size(); i++) {
            Subscription member = members.get((start + i) % members.size());
            if (target.isConnected(member.clientId())) {
                return member;
            }
        }
        return members.get(start);
    }
}
