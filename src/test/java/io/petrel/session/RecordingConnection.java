package io.petrel.session;

import io.petrel.message.Qos;
import io.petrel.routing.Delivery;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

/** A connection that records what its session writes to it, and checks that it is only called on its loop. */
final class RecordingConnection implements SessionConnection {

    sealed interface Event permits Publish, Pubrel, Flush {}

    record Publish(String payload, Qos qos, int packetId, boolean duplicate, boolean retain) implements Event {}

    record Pubrel(int packetId) implements Event {}

    record Flush() implements Event {}

    private final String name;
    private final EventLoop loop;
    private final List<Event> events = new ArrayList<>();
    private final AtomicInteger closedForTakeover = new AtomicInteger();
    private final AtomicInteger closedForAdministrator = new AtomicInteger();
    private final AtomicInteger calledOffLoop = new AtomicInteger();
    private volatile boolean writable = true;

    RecordingConnection(String name, EventLoop loop) {
        this.name = name;
        this.loop = loop;
    }

    @Override
    public Executor executor() {
        return loop;
    }

    EventLoop loop() {
        return loop;
    }

    @Override
    public boolean fits(Delivery delivery) {
        return true;
    }

    @Override
    public boolean isWritable() {
        checkLoop();
        return writable;
    }

    void setWritable(boolean writable) {
        this.writable = writable;
    }

    @Override
    public void sendPublish(Delivery delivery, int packetId, boolean duplicate) {
        checkLoop();
        String payload = new String(delivery.message().payload(), StandardCharsets.UTF_8);
        record(new Publish(payload, delivery.qos(), packetId, duplicate, delivery.retain()));
    }

    @Override
    public void sendPubrel(int packetId) {
        checkLoop();
        record(new Pubrel(packetId));
    }

    @Override
    public void flush() {
        checkLoop();
        record(new Flush());
    }

    @Override
    public void closeForTakeover() {
        checkLoop();
        closedForTakeover.incrementAndGet();
    }

    @Override
    public ConnectionDetails details() {
        return new ConnectionDetails("test", InetSocketAddress.createUnresolved(name, 0), 5, null, 60, false, 0);
    }

    @Override
    public void closeForAdministrator() {
        checkLoop();
        closedForAdministrator.incrementAndGet();
    }

    private void checkLoop() {
        if (!loop.inEventLoop()) {
            calledOffLoop.incrementAndGet();
        }
    }

    private synchronized void record(Event event) {
        events.add(event);
    }

    synchronized List<Event> events() {
        return new ArrayList<>(events);
    }

    synchronized List<Publish> publishes() {
        return events.stream().filter(Publish.class::isInstance).map(Publish.class::cast).toList();
    }

    List<String> payloads() {
        return publishes().stream().map(Publish::payload).toList();
    }

    synchronized void clear() {
        events.clear();
    }

    int closedForTakeover() {
        return closedForTakeover.get();
    }

    int closedForAdministrator() {
        return closedForAdministrator.get();
    }

    boolean isClosed() {
        return closedForTakeover.get() > 0 || closedForAdministrator.get() > 0;
    }

    /** How many calls did not come from this connection's loop: the session broke its confinement. */
    int calledOffLoop() {
        return calledOffLoop.get();
    }

    @Override
    public String toString() {
        return name;
    }
}
