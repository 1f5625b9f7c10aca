package io.petrel.actuator;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.petrel.retain.RetainedMessageStore;
import io.petrel.routing.SubscriptionTree;
import io.petrel.session.DropReason;
import io.petrel.session.DroppedMessages;
import io.petrel.session.SessionRegistry;
import java.util.Locale;

/**
 * The broker's state as gauges, read when scraped: sessions online and offline, subscriptions, retained
 * messages, messages in flight and queued; and messages dropped by reason. Never tagged by client or topic.
 */
public final class BrokerMetrics implements MeterBinder {

    private final SessionRegistry sessions;
    private final SubscriptionTree subscriptions;
    private final RetainedMessageStore retainedMessages;
    private final DroppedMessages droppedMessages;

    public BrokerMetrics(SessionRegistry sessions, SubscriptionTree subscriptions,
            RetainedMessageStore retainedMessages, DroppedMessages droppedMessages) {
        this.sessions = sessions;
        this.subscriptions = subscriptions;
        this.retainedMessages = retainedMessages;
        this.droppedMessages = droppedMessages;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("petrel.sessions", sessions, SessionRegistry::connectedCount)
                .description("Sessions with a client connected").tag("state", "online").register(registry);
        Gauge.builder("petrel.sessions", sessions, all -> all.size() - all.connectedCount())
                .description("Persistent sessions whose client is away").tag("state", "offline").register(registry);
        Gauge.builder("petrel.subscriptions", subscriptions, SubscriptionTree::size)
                .description("Subscriptions over all sessions").register(registry);
        Gauge.builder("petrel.retained.messages", retainedMessages, RetainedMessageStore::size)
                .description("Retained messages").register(registry);
        Gauge.builder("petrel.messages.inflight", sessions, SessionRegistry::inflightMessages)
                .description("QoS 1 and 2 messages sent and not yet acknowledged").register(registry);
        Gauge.builder("petrel.messages.queued", sessions, SessionRegistry::queuedMessages)
                .description("Messages waiting in session queues").register(registry);
        for (DropReason reason : DropReason.values()) {
            FunctionCounter.builder("petrel.messages.dropped", droppedMessages, dropped -> dropped.count(reason))
                    .description("Messages a session gave up").tag("reason", reason.name().toLowerCase(Locale.ROOT))
                    .register(registry);
        }
    }
}
