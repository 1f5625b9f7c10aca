package io.petrel.bench;

/**
 * Who publishes to whom in a message-flow scenario. Publisher {@code i} sends stream {@code i}; every
 * message of a stream reaches {@link #receiversPerStream()} subscribers, and each subscriber has a fixed
 * slot among the receivers of the streams it gets.
 */
record Topology(Shape shape, int publishers, int subscribers, String topicPrefix) {

    enum Shape {
        /** Publishers on their own topics; one subscriber takes them all with a {@code +} wildcard. */
        FAN_IN("fanin"),
        /** One publisher; every subscriber subscribes to its topic. */
        FAN_OUT("fanout"),
        /** Publisher {@code i} and subscriber {@code i} share topic {@code i}. */
        PAIRS("p2p");

        private final String scenario;

        Shape(String scenario) {
            this.scenario = scenario;
        }

        /** The scenario name on the command line and in results. */
        String scenario() {
            return scenario;
        }
    }

    static Topology fanIn(String topicPrefix, int publishers) {
        return new Topology(Shape.FAN_IN, publishers, 1, topicPrefix);
    }

    static Topology fanOut(String topicPrefix, int subscribers) {
        return new Topology(Shape.FAN_OUT, 1, subscribers, topicPrefix);
    }

    static Topology pairs(String topicPrefix, int pairs) {
        return new Topology(Shape.PAIRS, pairs, pairs, topicPrefix);
    }

    String publisherTopic(int publisher) {
        return shape == Shape.FAN_OUT ? topicPrefix : topicPrefix + "/" + publisher;
    }

    String subscriberFilter(int subscriber) {
        return switch (shape) {
            case FAN_IN -> topicPrefix + "/+";
            case FAN_OUT -> topicPrefix;
            case PAIRS -> topicPrefix + "/" + subscriber;
        };
    }

    int receiversPerStream() {
        return shape == Shape.FAN_OUT ? subscribers : 1;
    }

    /** This subscriber's slot among the receivers of each stream it gets. */
    int receiverSlot(int subscriber) {
        return shape == Shape.FAN_OUT ? subscriber : 0;
    }
}
