package io.petrel.protocol;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * MQTT 5 topic aliases of one connection, in both directions. Inbound, the client maps aliases (up to the
 * broker's topic alias maximum) to topics; outbound, the broker gives the first topics it sends an alias
 * each, up to the client's maximum, and then sends only the alias for them. Confined to the event loop.
 */
final class TopicAliases {

    /** What to put in an outbound PUBLISH: the topic (empty once the client knows the alias) and the alias (0 = none). */
    record Outbound(String topic, int alias) {}

    private final int inboundMaximum;
    private final int outboundMaximum;
    private @Nullable String[] inbound;
    private @Nullable Map<String, Integer> outbound;

    TopicAliases(int inboundMaximum, int outboundMaximum) {
        this.inboundMaximum = inboundMaximum;
        this.outboundMaximum = outboundMaximum;
    }

    /**
     * Resolves an inbound PUBLISH with a topic alias: a non-empty topic (re)defines the alias, an empty one
     * uses it. Returns null when the alias is out of range or unknown [MQTT-3.3.2-8, 3.3.2-9].
     */
    @Nullable String resolve(String topic, int alias) {
        if (alias < 1 || alias > inboundMaximum) {
            return null;
        }
        if (inbound == null) {
            inbound = new String[inboundMaximum + 1];
        }
        if (!topic.isEmpty()) {
            inbound[alias] = topic;
            return topic;
        }
        return inbound[alias];
    }

    /**
     * The topic and alias for an outbound PUBLISH. {@code fits} says whether a packet with that choice is
     * within the client's maximum packet size; when the aliased form does not fit, the full topic goes
     * without an alias and no alias is used up.
     */
    Outbound outbound(String topic, Predicate<Outbound> fits) {
        Outbound plain = new Outbound(topic, 0);
        if (outboundMaximum == 0) {
            return plain;
        }
        if (outbound == null) {
            outbound = new HashMap<>();
        }
        Integer known = outbound.get(topic);
        if (known != null) {
            Outbound aliasOnly = new Outbound("", known); // [MQTT-3.3.2-12] the client already has the mapping
            return fits.test(aliasOnly) ? aliasOnly : plain;
        }
        if (outbound.size() < outboundMaximum) {
            Outbound defining = new Outbound(topic, outbound.size() + 1);
            if (fits.test(defining)) {
                outbound.put(topic, defining.alias());
                return defining;
            }
        }
        return plain;
    }
}
