package io.petrel.event;

/**
 * Where the broker emits lifecycle events. Emitters ask {@link #wants} before they build an event, so a
 * type nobody listens to costs one check. Called on network event loops: implementations hand events over
 * without blocking and never throw.
 */
public interface EventSink {

    /** Wants nothing: the broker without event listeners. */
    EventSink NONE = new EventSink() {
        @Override
        public boolean wants(EventType type) {
            return false;
        }

        @Override
        public void publish(BrokerEvent event) {}
    };

    boolean wants(EventType type);

    void publish(BrokerEvent event);
}
