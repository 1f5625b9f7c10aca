package io.petrel.admin;

import io.petrel.routing.RetainHandling;
import io.petrel.routing.Subscription;

/**
 * A subscription as the API shows it.
 *
 * @param filter the topic filter
 * @param qos the maximum QoS granted
 * @param noLocal MQTT 5: messages the client published itself are not sent back
 * @param retainAsPublished MQTT 5: the retain flag is kept as published
 * @param retainHandling MQTT 5: when retained messages are sent on subscribe
 * @param subscriptionIdentifier MQTT 5: the subscription identifier, 0 for none
 */
record SubscriptionView(String filter, int qos, boolean noLocal, boolean retainAsPublished,
        RetainHandling retainHandling, int subscriptionIdentifier) {

    static SubscriptionView of(Subscription subscription) {
        return new SubscriptionView(subscription.filter().text(), subscription.qos().value(),
                subscription.options().noLocal(), subscription.options().retainAsPublished(),
                subscription.options().retainHandling(), subscription.options().subscriptionId());
    }
}
