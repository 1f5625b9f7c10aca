package io.petrel.sys;

import io.petrel.message.Message;
import io.petrel.message.Qos;
import io.petrel.retain.RetainedMessageStore;
import io.petrel.routing.SubscriptionTree;
import io.petrel.session.MessagePublisher;
import io.petrel.session.SessionRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the {@code $SYS/broker/...} statistics (in cluster mode each node's under
 * {@code $SYS/brokers/{node}/...}, since retained messages are shared) as retained QoS 0 messages every
 * interval, on the
 * shared timer thread; a statistic is published again only when its value changed, as mosquitto does.
 * Publishing hands the messages to the subscribers' event loops and never waits for them.
 */
public final class SysTopicPublisher {

    private static final Logger log = LoggerFactory.getLogger(SysTopicPublisher.class);

    private final MessagePublisher publisher;
    private final BrokerStatistics statistics;
    private final Duration interval;
    private final Map<String, String> published = new HashMap<>(); // confined to the timer thread
    private @Nullable ScheduledFuture<?> task;

    /** @param node this node's id in a cluster, or null for a single broker */
    public SysTopicPublisher(MessagePublisher publisher, String version, SessionRegistry sessions,
            SubscriptionTree subscriptions, RetainedMessageStore retainedMessages, BrokerTraffic traffic,
            Duration interval, @Nullable String node) {
        if (interval.toMillis() < 1) {
            throw new IllegalArgumentException("mqtt.sys.interval must be positive: " + interval);
        }
        this.publisher = publisher;
        String prefix = node == null ? BrokerStatistics.SINGLE_BROKER_PREFIX : "$SYS/brokers/" + node + "/";
        this.statistics = new BrokerStatistics(prefix, version, sessions, subscriptions, retainedMessages, traffic, interval);
        this.interval = interval;
    }

    public synchronized void start(ScheduledExecutorService timers) {
        task = timers.scheduleAtFixedRate(this::publishChanged, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    public synchronized void stop() {
        if (task != null) {
            task.cancel(false);
            task = null;
        }
    }

    private void publishChanged() {
        try {
            statistics.sample().forEach((topic, value) -> {
                if (!value.equals(published.put(topic, value))) {
                    publisher.publish(Message.of(topic, value, Qos.AT_MOST_ONCE, true));
                }
            });
        } catch (RuntimeException e) {
            // A failure must not cancel the periodic task: the next interval tries again.
            log.warn("Could not publish the $SYS statistics", e);
        }
    }
}
