package io.petrel.sys;

import io.petrel.retain.RetainedMessageStore;
import io.petrel.routing.SubscriptionTree;
import io.petrel.session.SessionRegistry;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The mosquitto {@code $SYS/broker/...} statistics, computed from what the broker already counts: topic
 * name to value. {@link #sample()} is called once per interval by a single thread.
 */
final class BrokerStatistics {

    /** Where a single broker publishes its statistics, as mosquitto does. */
    static final String SINGLE_BROKER_PREFIX = "$SYS/broker/";

    private final String prefix;
    private final String version;
    private final long startedAtNanos;
    private final SessionRegistry sessions;
    private final SubscriptionTree subscriptions;
    private final RetainedMessageStore retainedMessages;
    private final BrokerTraffic traffic;
    private final Map<String, LongSupplier> loadSources = new LinkedHashMap<>();
    private final Map<String, LoadAverage> loads = new LinkedHashMap<>();

    BrokerStatistics(String prefix, String version, SessionRegistry sessions, SubscriptionTree subscriptions,
            RetainedMessageStore retainedMessages, BrokerTraffic traffic, Duration interval) {
        this.prefix = prefix;
        this.version = version;
        this.startedAtNanos = System.nanoTime();
        this.sessions = sessions;
        this.subscriptions = subscriptions;
        this.retainedMessages = retainedMessages;
        this.traffic = traffic;
        loadSources.put("messages/received", traffic::messagesReceived);
        loadSources.put("messages/sent", traffic::messagesSent);
        loadSources.put("bytes/received", traffic::bytesReceived);
        loadSources.put("bytes/sent", traffic::bytesSent);
        loadSources.put("connections", traffic::connectionsAccepted);
        double seconds = interval.toMillis() / 1000.0;
        loadSources.forEach((name, source) -> loads.put(name, new LoadAverage(seconds, source.getAsLong())));
    }

    /** Samples the load averages and returns every statistic, topic name to value. */
    Map<String, String> sample() {
        Map<String, String> values = new LinkedHashMap<>();
        values.put(prefix + "version", "petrel version " + version);
        long uptime = Duration.ofNanos(System.nanoTime() - startedAtNanos).toSeconds();
        values.put(prefix + "uptime", uptime + " seconds");
        long connected = sessions.connectedCount();
        long total = sessions.size();
        values.put(prefix + "clients/connected", String.valueOf(connected));
        values.put(prefix + "clients/total", String.valueOf(total));
        values.put(prefix + "clients/disconnected", String.valueOf(Math.max(0, total - connected)));
        values.put(prefix + "messages/received", String.valueOf(traffic.messagesReceived()));
        values.put(prefix + "messages/sent", String.valueOf(traffic.messagesSent()));
        values.put(prefix + "bytes/received", String.valueOf(traffic.bytesReceived()));
        values.put(prefix + "bytes/sent", String.valueOf(traffic.bytesSent()));
        values.put(prefix + "subscriptions/count", String.valueOf(subscriptions.size()));
        values.put(prefix + "retained messages/count", String.valueOf(retainedMessages.size()));
        loads.forEach((name, load) -> {
            load.sample(loadSources.get(name).getAsLong());
            for (int i = 0; i < LoadAverage.WINDOW_NAMES.length; i++) {
                values.put(prefix + "load/" + name + "/" + LoadAverage.WINDOW_NAMES[i], load.formatted(i));
            }
        });
        return values;
    }
}
