package io.petrel.cluster;

import io.petrel.message.Qos;
import io.petrel.routing.RetainHandling;
import io.petrel.routing.Subscription;
import io.petrel.routing.SubscriptionOptions;
import io.petrel.routing.TopicFilter;
import java.nio.charset.StandardCharsets;

/**
 * One field of a {@code petrel:subs:{filter}} hash: the client's node, granted QoS and options, as text
 * ({@code node|qos|noLocal|retainAsPublished|retainHandling|subscriptionId}) so that an operator can read it
 * with {@code redis-cli HGETALL}.
 */
record SubscriptionEntry(String nodeId, Qos qos, SubscriptionOptions options) {

    static SubscriptionEntry of(String nodeId, Subscription subscription) {
        return new SubscriptionEntry(nodeId, subscription.qos(), subscription.options());
    }

    byte[] encode() {
        return (nodeId + '|' + qos.value() + '|' + flag(options.noLocal()) + '|' + flag(options.retainAsPublished())
                + '|' + options.retainHandling().ordinal() + '|' + options.subscriptionId())
                .getBytes(StandardCharsets.UTF_8);
    }

    /** Throws {@link IllegalArgumentException} for a value this node cannot read. */
    static SubscriptionEntry decode(byte[] value) {
        String[] parts = new String(value, StandardCharsets.UTF_8).split("\\|", -1);
        if (parts.length != 6) {
            throw new IllegalArgumentException("not a subscription entry: " + new String(value, StandardCharsets.UTF_8));
        }
        SubscriptionOptions options = new SubscriptionOptions("1".equals(parts[2]), "1".equals(parts[3]),
                RetainHandling.values()[Integer.parseInt(parts[4])], Integer.parseInt(parts[5]));
        return new SubscriptionEntry(parts[0], Qos.of(Integer.parseInt(parts[1])), options);
    }

    Subscription toSubscription(String clientId, TopicFilter filter) {
        return new Subscription(clientId, filter, qos, options);
    }

    private static char flag(boolean value) {
        return value ? '1' : '0';
    }
}
