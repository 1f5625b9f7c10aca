package io.petrel.routing;

import io.petrel.message.Qos;

/** One client's subscription to one topic filter, with the QoS the broker granted and its options. */
public record Subscription(String clientId, TopicFilter filter, Qos qos, SubscriptionOptions options) {

    /** A subscription with the default (MQTT 3.1.1) options. */
    public Subscription(String clientId, TopicFilter filter, Qos qos) {
        this(clientId, filter, qos, SubscriptionOptions.DEFAULT);
    }

    /**
     * The key of this subscription among the subscribers of its filter. Shared subscriptions of one client
     * in different groups are distinct; U+0000 cannot occur in a client id or group, so keys never clash.
     */
    String key() {
        return key(clientId, filter);
    }

    static String key(String clientId, TopicFilter filter) {
        String group = filter.shareGroup();
        return group == null ? clientId : '\u0000' + group + '\u0000' + clientId;
    }
}
