package io.petrel.config;

import io.petrel.event.BrokerEvent;
import io.petrel.event.EventSink;
import io.petrel.event.EventType;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.aop.support.AopUtils;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.ApplicationListener;
import org.springframework.context.PayloadApplicationEvent;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.GenericApplicationListener;
import org.springframework.context.event.GenericApplicationListenerAdapter;
import org.springframework.context.event.SmartApplicationListener;
import org.springframework.core.ResolvableType;

/**
 * Hands lifecycle events to Spring's {@code ApplicationListener}s and {@code @EventListener} methods on one
 * thread of its own, {@code mqtt-events}, so that a slow or failing listener never holds up a network event
 * loop. Producers append to a bounded lock-free queue; when it is full the event is dropped and counted.
 * Which event types anyone listens to is decided once, when the broker starts (before its listeners open):
 * the other types are never built. A plain {@code ApplicationListener<ApplicationEvent>} does not count: such
 * listeners are infrastructure that filters for itself; {@code @EventListener(Object)} does.
 */
final class ApplicationEventSink implements EventSink, SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ApplicationEventSink.class);

    /** Starts before the MQTT server (default phase) and stops after it, so no event is emitted unheard. */
    static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 1024;

    private final ApplicationEventPublisher publisher;
    private final ListenerSource listeners;
    private final int capacity;
    private final ConcurrentLinkedQueue<BrokerEvent> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final LongAdder dropped = new LongAdder();
    private volatile boolean[] wanted = new boolean[EventType.values().length];
    private volatile boolean running;
    private volatile boolean idle;
    private @Nullable Thread worker;

    /** The application's listeners, read once at start-up. */
    @FunctionalInterface
    interface ListenerSource {
        Collection<ApplicationListener<?>> listeners();
    }

    ApplicationEventSink(ApplicationEventPublisher publisher, ListenerSource listeners, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("mqtt.events.queue-capacity must be at least 1: " + capacity);
        }
        this.publisher = publisher;
        this.listeners = listeners;
        this.capacity = capacity;
    }

    @Override
    public boolean wants(EventType type) {
        return wanted[type.ordinal()];
    }

    @Override
    public void publish(BrokerEvent event) {
        if (queued.incrementAndGet() > capacity) {
            queued.decrementAndGet();
            dropped.increment();
            return;
        }
        queue.offer(event);
        Thread current = worker;
        if (idle && current != null) {
            LockSupport.unpark(current);
        }
    }

    /** Events dropped because the listeners fell {@code mqtt.events.queue-capacity} events behind. */
    long droppedEvents() {
        return dropped.sum();
    }

    /** The event types some listener receives. */
    Set<EventType> wantedTypes() {
        Set<EventType> types = EnumSet.noneOf(EventType.class);
        for (EventType type : EventType.values()) {
            if (wants(type)) {
                types.add(type);
            }
        }
        return types;
    }

    @Override
    public void start() {
        List<GenericApplicationListener> candidates = new ArrayList<>();
        for (ApplicationListener<?> listener : listeners.listeners()) {
            GenericApplicationListener candidate = candidate(listener);
            if (candidate != null) {
                candidates.add(candidate);
            }
        }
        boolean[] types = new boolean[EventType.values().length];
        for (EventType type : EventType.values()) {
            ResolvableType payload = ResolvableType.forClassWithGenerics(PayloadApplicationEvent.class, type.eventClass());
            types[type.ordinal()] = candidates.stream().anyMatch(listener -> listener.supportsEventType(payload));
        }
        running = true;
        Thread thread = new Thread(this::deliverEvents, "mqtt-events");
        thread.setDaemon(true);
        worker = thread;
        thread.start();
        wanted = types;
        log.debug("Lifecycle events with listeners: {}", wantedTypes());
    }

    /**
     * The listener as one that can say which events it supports; null for a plain listener of every
     * {@code ApplicationEvent} (such as the management context's closing listener), which filters events
     * itself and would otherwise switch on every type.
     */
    private static @Nullable GenericApplicationListener candidate(ApplicationListener<?> listener) {
        if (listener instanceof GenericApplicationListener generic) {
            return generic;
        }
        if (!(listener instanceof SmartApplicationListener)) {
            Class<?> declared = ResolvableType.forClass(AopUtils.getTargetClass(listener))
                    .as(ApplicationListener.class).getGeneric().resolve();
            if (declared == null || declared == ApplicationEvent.class) {
                return null;
            }
        }
        return new GenericApplicationListenerAdapter(listener);
    }

    @Override
    public void stop() {
        wanted = new boolean[EventType.values().length];
        running = false;
        Thread thread = worker;
        if (thread != null) {
            LockSupport.unpark(thread);
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        worker = null;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    private void deliverEvents() {
        while (running || !queue.isEmpty()) {
            BrokerEvent event = queue.poll();
            if (event == null) {
                idle = true;
                if (queue.isEmpty() && running) {
                    LockSupport.park(this);
                }
                idle = false;
                continue;
            }
            queued.decrementAndGet();
            try {
                publisher.publishEvent(event);
            } catch (RuntimeException | LinkageError | AssertionError e) {
                log.warn("An event listener failed on {}: {}", event, e.toString());
                log.debug("Event listener failure", e);
            }
        }
    }
}
