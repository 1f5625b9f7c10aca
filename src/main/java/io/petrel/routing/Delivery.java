package io.petrel.routing;

import io.petrel.message.Message;
import io.petrel.message.Qos;
import java.util.List;

/**
 * A message on its way to one subscriber: the QoS it is sent with (the lower of the published and the
 * granted QoS), whether it goes out flagged as retained, and the identifiers of the subscriptions it
 * matched (MQTT 5).
 */
public record Delivery(Message message, Qos qos, boolean retain, List<Integer> subscriptionIds) {

    public Delivery {
        subscriptionIds = List.copyOf(subscriptionIds);
    }

    /** A delivery that matched no subscription identifier. */
    public Delivery(Message message, Qos qos, boolean retain) {
        this(message, qos, retain, List.of());
    }
}
