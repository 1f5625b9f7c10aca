package io.petrel.config;

import io.petrel.event.ClientConnected;
import io.petrel.event.ClientDisconnected;
import io.petrel.event.ClientSubscribed;
import io.petrel.event.ClientUnsubscribed;
import io.petrel.sys.ClientEventTopics;
import org.springframework.context.event.EventListener;

/**
 * Receives the client lifecycle events for {@code $SYS/brokers/...}: being an {@code @EventListener} of
 * exactly these four types is what turns them on, on the {@code mqtt-events} thread.
 */
final class SysEventListener {

    private final ClientEventTopics topics;

    SysEventListener(ClientEventTopics topics) {
        this.topics = topics;
    }

    @EventListener
    void on(ClientConnected event) {
        topics.connected(event);
    }

    @EventListener
    void on(ClientDisconnected event) {
        topics.disconnected(event);
    }

    @EventListener
    void on(ClientSubscribed event) {
        topics.subscribed(event);
    }

    @EventListener
    void on(ClientUnsubscribed event) {
        topics.unsubscribed(event);
    }
}
