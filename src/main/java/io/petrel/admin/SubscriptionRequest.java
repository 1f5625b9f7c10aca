package io.petrel.admin;

import org.jspecify.annotations.Nullable;

/**
 * The body of a subscription the API adds for a client.
 *
 * @param filter the topic filter
 * @param qos the maximum QoS, 0 to 2 (capped at the broker's maximum QoS); 0 when absent
 */
record SubscriptionRequest(@Nullable String filter, @Nullable Integer qos) {

    int qosOrDefault() {
        return qos == null ? 0 : qos;
    }
}
