package io.petrel.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.petrel.auth.ClientInfo;
import io.petrel.event.BrokerEvent;
import io.petrel.event.ClientConnected;
import io.petrel.event.EventSink;
import io.petrel.event.EventType;
import io.petrel.event.SessionCreated;
import io.petrel.event.SessionExpired;
import io.petrel.protocol.Broker;
import io.petrel.sys.SysTopicPublisher;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationListener;
import org.springframework.context.PayloadApplicationEvent;
import org.springframework.context.event.EventListener;

/**
 * The wiring of lifecycle events and {@code $SYS}: events are built only for types some listener receives
 * (none at all without listeners), they arrive on {@code mqtt-events}, a full queue drops and counts, a
 * failing listener does not stop the thread, a user's {@link EventSink} replaces the default, and
 * {@code mqtt.sys.enabled=false} removes the {@code $SYS} beans; the connection log is off unless asked for.
 */
class MqttEventsAutoConfigurationTests {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, MqttAuthAutoConfiguration.class,
                    MqttStorageAutoConfiguration.class, MqttServerAutoConfiguration.class,
                    MqttInterceptAutoConfiguration.class, MqttEventsAutoConfiguration.class))
            .withPropertyValues("mqtt.listeners.tcp.host=127.0.0.1", "mqtt.listeners.tcp.port=0",
                    "mqtt.listeners.ws.enabled=false");

    static final class ConnectedListener {
        final List<ClientConnected> received = new CopyOnWriteArrayList<>();
        final List<String> threads = new CopyOnWriteArrayList<>();

        @EventListener
        void on(ClientConnected event) {
            received.add(event);
            threads.add(Thread.currentThread().getName());
        }
    }

    static final class SessionCreatedBean implements ApplicationListener<PayloadApplicationEvent<SessionCreated>> {
        @Override
        public void onApplicationEvent(PayloadApplicationEvent<SessionCreated> event) {}
    }

    @Test
    void withoutListenersNoEventTypeIsWanted() {
        contextRunner.run(context -> {
            ApplicationEventSink sink = context.getBean(ApplicationEventSink.class);
            assertThat(sink.wantedTypes()).isEmpty();
            assertThat(context.getBean(Broker.class).events()).isSameAs(sink);
        });
    }

    @Test
    void theConnectionLogIsOffByDefaultAndWhenOnWantsTheConnectedAndDisconnectedEvents() {
        contextRunner.run(context -> assertThat(context).doesNotHaveBean(ConnectionLogListener.class));
        contextRunner.withPropertyValues("mqtt.events.log-connections=true").run(context -> {
            assertThat(context).hasSingleBean(ConnectionLogListener.class);
            assertThat(context.getBean(ApplicationEventSink.class).wantedTypes())
                    .containsExactlyInAnyOrder(EventType.CLIENT_CONNECTED, EventType.CLIENT_DISCONNECTED);
        });
    }

    @Test
    void onlyTheTypesThatListenersReceiveAreWanted() {
        contextRunner.withBean(ConnectedListener.class).withBean(SessionCreatedBean.class).run(context ->
                assertThat(context.getBean(ApplicationEventSink.class).wantedTypes())
                        .containsExactlyInAnyOrder(EventType.CLIENT_CONNECTED, EventType.SESSION_CREATED));
    }

    @Test
    void aListenerOfAllBrokerEventsWantsEveryType() {
        contextRunner.withBean(AllEvents.class).run(context ->
                assertThat(context.getBean(ApplicationEventSink.class).wantedTypes()).containsExactly(EventType.values()));
    }

    static final class AllEvents {
        @EventListener
        void on(BrokerEvent event) {}
    }

    @Test
    void eventsArriveOnTheMqttEventsThreadAndAFailingListenerDoesNotStopIt() {
        contextRunner.withBean(ConnectedListener.class).withBean(Failing.class).run(context -> {
            ApplicationEventSink sink = context.getBean(ApplicationEventSink.class);
            sink.publish(new SessionExpired("gone")); // the failing listener throws on it
            sink.publish(connected("after-failure"));

            ConnectedListener listener = context.getBean(ConnectedListener.class);
            await().atMost(Duration.ofSeconds(10)).until(() -> listener.received.size() == 1);
            assertThat(listener.received.get(0).client().clientId()).isEqualTo("after-failure");
            assertThat(listener.threads).containsExactly("mqtt-events");
        });
    }

    static final class Failing {
        @EventListener
        void on(SessionExpired event) {
            throw new IllegalStateException("listener bug");
        }
    }

    @Test
    void aFullQueueDropsAndCountsInsteadOfWaiting() {
        contextRunner.withBean(Blocking.class).withPropertyValues("mqtt.events.queue-capacity=2").run(context -> {
            ApplicationEventSink sink = context.getBean(ApplicationEventSink.class);
            Blocking blocking = context.getBean(Blocking.class);
            sink.publish(connected("first")); // taken by the thread, which then blocks in the listener
            assertThat(blocking.entered.await(10, TimeUnit.SECONDS)).isTrue();
            for (int i = 0; i < 5; i++) {
                sink.publish(connected("more-" + i));
            }
            assertThat(sink.droppedEvents()).isEqualTo(3);
            blocking.release.countDown();
        });
    }

    static final class Blocking {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        @EventListener
        void on(ClientConnected event) throws InterruptedException {
            entered.countDown();
            release.await(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void userEventSinkReplacesTheDefault() {
        EventSink custom = EventSink.NONE;
        contextRunner.withBean(EventSink.class, () -> custom).run(context -> {
            assertThat(context).doesNotHaveBean(ApplicationEventSink.class);
            assertThat(context.getBean(Broker.class).events()).isSameAs(custom);
        });
    }

    @Test
    void sysTopicsAreOnByDefaultAndTheirClientEventsAreWanted() {
        contextRunner.withConfiguration(AutoConfigurations.of(MqttSysAutoConfiguration.class)).run(context -> {
            assertThat(context).hasSingleBean(SysTopicPublisher.class).hasSingleBean(SysEventListener.class);
            assertThat(context.getBean(ApplicationEventSink.class).wantedTypes()).containsExactlyInAnyOrder(
                    EventType.CLIENT_CONNECTED, EventType.CLIENT_DISCONNECTED, EventType.CLIENT_SUBSCRIBED,
                    EventType.CLIENT_UNSUBSCRIBED);
        });
    }

    @Test
    void sysTopicsCanBeSwitchedOff() {
        contextRunner.withConfiguration(AutoConfigurations.of(MqttSysAutoConfiguration.class))
                .withPropertyValues("mqtt.sys.enabled=false").run(context -> {
                    assertThat(context).doesNotHaveBean(SysTopicPublisher.class).doesNotHaveBean(SysEventListener.class);
                    assertThat(context.getBean(ApplicationEventSink.class).wantedTypes()).isEmpty();
                });
    }

    @Test
    void invalidSettingsFailStartUp() {
        contextRunner.withPropertyValues("mqtt.events.queue-capacity=0").run(context -> assertThat(context).hasFailed());
        contextRunner.withConfiguration(AutoConfigurations.of(MqttSysAutoConfiguration.class))
                .withPropertyValues("mqtt.sys.interval=0s").run(context -> assertThat(context).hasFailed());
    }

    private static ClientConnected connected(String clientId) {
        return new ClientConnected(new ClientInfo(clientId, null, new InetSocketAddress("127.0.0.1", 1), 5, "tcp"), 60,
                true, false, Instant.now());
    }
}
