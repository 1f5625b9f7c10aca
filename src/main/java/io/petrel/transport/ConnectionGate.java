package io.petrel.transport;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sits on a listener's server channel and admits each accepted connection against the global and the
 * listener's connection limits and the listener's accept rate. A refused connection is closed before it
 * is registered with an event loop or given a pipeline, so a reconnect storm costs an accept and a close.
 * Runs on the acceptor thread only.
 */
final class ConnectionGate extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(ConnectionGate.class);
    /** During a storm one WARN line per listener and interval says what is going on; the rest is counted. */
    private static final long WARN_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final ListenerSpec listener;
    private final int maxConnections;
    private final AtomicInteger allConnections;
    private final ListenerStats stats;
    private final @Nullable AcceptRate acceptRate;
    private long lastWarning = System.nanoTime() - WARN_INTERVAL_NANOS;

    ConnectionGate(ListenerSpec listener, int maxConnections, AtomicInteger allConnections, ListenerStats stats) {
        this.listener = listener;
        this.maxConnections = maxConnections;
        this.allConnections = allConnections;
        this.stats = stats;
        this.acceptRate = listener.maxConnectionRate() > 0 ? new AcceptRate(listener.maxConnectionRate()) : null;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        Channel child = (Channel) msg;
        ConnectionRefusal refusal = admit();
        if (refusal != null) {
            stats.refused(refusal);
            warn(child, refusal);
            child.unsafe().closeForcibly();
            return;
        }
        child.closeFuture().addListener(closed -> {
            stats.closed();
            allConnections.decrementAndGet();
        });
        ctx.fireChannelRead(child);
    }

    private @Nullable ConnectionRefusal admit() {
        if (acceptRate != null && !acceptRate.tryAcquire(System.nanoTime())) {
            return ConnectionRefusal.CONNECTION_RATE;
        }
        int all = allConnections.incrementAndGet();
        int onListener = stats.opening();
        ConnectionRefusal refusal = maxConnections >= 0 && all > maxConnections ? ConnectionRefusal.MAX_CONNECTIONS
                : listener.maxConnections() >= 0 && onListener > listener.maxConnections()
                ? ConnectionRefusal.LISTENER_MAX_CONNECTIONS : null;
        if (refusal == null) {
            stats.accepted();
        } else {
            allConnections.decrementAndGet();
            stats.closed();
        }
        return refusal;
    }

    private void warn(Channel child, ConnectionRefusal refusal) {
        long now = System.nanoTime();
        if (now - lastWarning >= WARN_INTERVAL_NANOS) {
            lastWarning = now;
            log.warn("Refusing connections on listener {} ({}, from {} first): {} so far; refusals are counted, "
                    + "and logged at most every 10 s", listener.name(), setting(refusal), child.remoteAddress(),
                    stats.refusedConnections(refusal));
        } else {
            log.debug("Refused connection from {} on listener {}: {}", child.remoteAddress(), listener.name(),
                    setting(refusal));
        }
    }

    private String setting(ConnectionRefusal refusal) {
        return switch (refusal) {
            case MAX_CONNECTIONS -> maxConnections + " connections open (mqtt.max-connections)";
            case LISTENER_MAX_CONNECTIONS -> listener.maxConnections() + " connections open (mqtt.listeners."
                    + listener.name() + ".max-connections)";
            case CONNECTION_RATE -> "over " + listener.maxConnectionRate() + " connections per second (mqtt.listeners."
                    + listener.name() + ".max-connection-rate)";
            case PROXY_HEADER -> "no valid PROXY protocol header";
        };
    }
}
