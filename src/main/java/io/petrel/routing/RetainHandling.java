package io.petrel.routing;

/** MQTT 5 retain handling: when a new subscription receives the retained messages that match it. */
public enum RetainHandling {
    /** Send retained messages whenever the subscription is made. */
    SEND_ON_SUBSCRIBE,
    /** Send them only when the subscription did not exist before. */
    SEND_ON_NEW_SUBSCRIBE,
    /** Never send them. */
    DO_NOT_SEND
}
