package io.petrel.routing;

/**
 * MQTT 5 subscription options besides the QoS. MQTT 3.1.1 subscriptions use {@link #DEFAULT}.
 *
 * @param noLocal do not deliver messages that the subscribing client published itself
 * @param retainAsPublished keep the retain flag of forwarded messages as published
 * @param retainHandling when retained messages are sent for this subscription
 * @param subscriptionId the subscription identifier sent with matching messages, 0 for none
 */
public record SubscriptionOptions(boolean noLocal, boolean retainAsPublished, RetainHandling retainHandling,
        int subscriptionId) {

    public static final SubscriptionOptions DEFAULT =
            new SubscriptionOptions(false, false, RetainHandling.SEND_ON_SUBSCRIBE, 0);
}
