package io.petrel.routing;

import io.petrel.message.Message;
import io.petrel.message.Qos;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A message on its way to one subscriber: the QoS it is sent with (the lower of the published and the
 * granted QoS), whether it goes out flagged as retained, the identifiers of the subscriptions it matched
 * (MQTT 5), and the shared subscription group it was picked for, if any (so that another member can
 * receive it when this one leaves without acknowledging it).
 */
public record Delivery(Message message, Qos qos, boolean retain, List<Integer> subscriptionIds,
        @Nullable String sharedGroup) {

    public Delivery {
        subscriptionIds = List.copyOf(subscriptionIds);
    }

    /** A delivery for a subscription that is not shared. */
    public Delivery(Message message, Qos qos, boolean retain, List<Integer> subscriptionIds) {
        this(message, qos, retain, subscriptionIds, null);
    }

    /** The same delivery of another message, e.g. one a {@code PublishInterceptor} rewrote for this subscriber. */
    public Delivery withMessage(Message other) {
        return new Delivery(other, qos.min(other.qos()), retain, subscriptionIds, sharedGroup);
    }

    /** A delivery that matched no subscription identifier. */
    public Delivery(Message message, Qos qos, boolean retain) {
        this(message, qos, retain, List.of(), null);
    }
}
