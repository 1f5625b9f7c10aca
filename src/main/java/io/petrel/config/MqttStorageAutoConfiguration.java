package io.petrel.config;

import io.petrel.retain.InMemoryRetainedMessageStore;
import io.petrel.retain.RetainedMessageStore;
import io.petrel.routing.MessageRouter;
import io.petrel.routing.SubscriptionTree;
import io.petrel.session.MessagePublisher;
import io.petrel.session.DroppedMessages;
import io.petrel.session.SessionRegistry;
import io.petrel.session.SessionSettings;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/** Broker state kept in this process: subscriptions, sessions and retained messages, and the router over them. */
@AutoConfiguration
@EnableConfigurationProperties(PetrelProperties.class)
public final class MqttStorageAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    RetainedMessageStore retainedMessageStore() {
        return new InMemoryRetainedMessageStore();
    }

    @Bean
    SubscriptionTree subscriptionTree() {
        return new SubscriptionTree();
    }

    @Bean
    DroppedMessages droppedMessages() {
        return new DroppedMessages();
    }

    @Bean
    SessionRegistry sessionRegistry(SubscriptionTree subscriptionTree, PetrelProperties properties,
            DroppedMessages droppedMessages) {
        SessionSettings settings = new SessionSettings(properties.getMaxInflightMessages(),
                properties.getSession().getMaxQueuedMessages(), properties.getSession().getDropPolicy());
        return new SessionRegistry(subscriptionTree, settings, droppedMessages);
    }

    @Bean
    MessageRouter messageRouter(SubscriptionTree subscriptionTree, SessionRegistry sessionRegistry) {
        return new MessageRouter(subscriptionTree, sessionRegistry);
    }

    @Bean
    MessagePublisher messagePublisher(RetainedMessageStore retainedMessageStore, MessageRouter messageRouter) {
        return new MessagePublisher(retainedMessageStore, messageRouter);
    }
}
