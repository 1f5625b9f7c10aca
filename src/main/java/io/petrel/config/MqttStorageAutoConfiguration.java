package io.petrel.config;

import io.petrel.event.EventSink;
import io.petrel.event.SessionEvents;
import io.petrel.intercept.PublishInterceptors;
import io.petrel.retain.InMemoryRetainedMessageStore;
import io.petrel.retain.RetainedMessageStore;
import io.petrel.routing.MessageRouter;
import io.petrel.routing.SubscriptionChanges;
import io.petrel.routing.SubscriptionTree;
import io.petrel.session.MessagePublisher;
import io.petrel.session.DroppedMessages;
import io.petrel.session.SessionListener;
import io.petrel.session.SessionRegistry;
import io.petrel.session.SessionSettings;
import io.petrel.session.SessionStore;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/** Broker state kept in this process: subscriptions, sessions and retained messages, and the router over them. */
@AutoConfiguration
@EnableConfigurationProperties(PetrelProperties.class)
public final class MqttStorageAutoConfiguration {

    /**
     * The name of the single-thread scheduler that sweeps expired retained messages, and counts down session
     * expiry and will delay for sessions whose owner cannot schedule (event loops schedule their own).
     */
    public static final String TIMERS = "mqttTimers";

    @Bean(name = TIMERS, destroyMethod = "shutdownNow")
    ScheduledExecutorService mqttTimers() {
        ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(1, new CustomizableThreadFactory("mqtt-timers-"));
        timers.setRemoveOnCancelPolicy(true); // a reconnect cancels its session's countdowns: free them at once
        return timers;
    }

    @Bean
    @ConditionalOnMissingBean
    RetainedMessageStore retainedMessageStore(PetrelProperties properties,
            @Qualifier(TIMERS) ScheduledExecutorService timers) {
        return new InMemoryRetainedMessageStore(properties.getRetain().getTtl(), timers, System::currentTimeMillis);
    }

    @Bean
    SubscriptionTree subscriptionTree(ObjectProvider<SubscriptionChanges> changes) {
        return new SubscriptionTree(changes.getIfAvailable(() -> SubscriptionChanges.NONE));
    }

    @Bean
    DroppedMessages droppedMessages() {
        return new DroppedMessages();
    }

    @Bean
    SessionRegistry sessionRegistry(SubscriptionTree subscriptionTree, PetrelProperties properties,
            DroppedMessages droppedMessages, ObjectProvider<EventSink> events,
            ObjectProvider<PublishInterceptors> interceptors, @Qualifier(TIMERS) ScheduledExecutorService timers,
            ObjectProvider<SessionStore> store) {
        SessionSettings settings = new SessionSettings(properties.getMaxInflightMessages(),
                properties.getSession().getMaxQueuedMessages(), properties.getSession().getDropPolicy());
        EventSink sink = events.getIfAvailable();
        SessionListener listener = sink == null ? droppedMessages
                : SessionListener.all(List.of(droppedMessages, new SessionEvents(sink)));
        return new SessionRegistry(subscriptionTree, settings, listener,
                interceptors.getIfAvailable(() -> PublishInterceptors.NONE), timers,
                store.getIfAvailable(() -> SessionStore.LOCAL));
    }

    @Bean
    @ConditionalOnMissingBean
    MessageRouter messageRouter(SubscriptionTree subscriptionTree, SessionRegistry sessionRegistry,
            PetrelProperties properties) {
        return new MessageRouter(subscriptionTree, sessionRegistry, properties.getSharedSubscriptionStrategy());
    }

    @Bean
    MessagePublisher messagePublisher(RetainedMessageStore retainedMessageStore, MessageRouter messageRouter) {
        return new MessagePublisher(retainedMessageStore, messageRouter);
    }
}
