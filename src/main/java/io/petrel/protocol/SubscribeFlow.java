package io.petrel.protocol;

import io.netty.handler.codec.mqtt.MqttSubscribeMessage;
import io.netty.handler.codec.mqtt.MqttTopicSubscription;
import io.netty.handler.codec.mqtt.MqttUnsubscribeMessage;
import io.petrel.auth.AuthorizationResult;
import io.petrel.auth.ClientInfo;
import io.petrel.message.Message;
import io.petrel.message.Qos;
import io.petrel.message.ReasonCode;
import io.petrel.routing.Delivery;
import io.petrel.routing.Subscription;
import io.petrel.routing.TopicFilter;
import io.petrel.session.Session;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SUBSCRIBE and UNSUBSCRIBE: validates and authorizes each filter, updates the session, answers with
 * SUBACK / UNSUBACK, then sends the retained messages of each new subscription. Stateless; one per broker.
 */
final class SubscribeFlow {

    private static final Logger log = LoggerFactory.getLogger(SubscribeFlow.class);
    private static final int REFUSED = 0x80;

    private final Broker broker;

    SubscribeFlow(Broker broker) {
        this.broker = broker;
    }

    void onSubscribe(MqttConnection connection, MqttSubscribeMessage subscribe) {
        List<MqttTopicSubscription> requested = subscribe.payload().topicSubscriptions();
        int packetId = subscribe.variableHeader().messageId();
        ClientInfo client = connection.client;
        if (requested.isEmpty()) {
            Disconnector.close(connection, ReasonCode.PROTOCOL_ERROR, "SUBSCRIBE without topic filters"); // [MQTT-3.8.3-3]
            return;
        }
        if (client == null) {
            return;
        }
        List<Optional<TopicFilter>> filters = new ArrayList<>(requested.size());
        List<CompletableFuture<AuthorizationResult>> decisions = new ArrayList<>(requested.size());
        for (MqttTopicSubscription topicSubscription : requested) {
            Optional<TopicFilter> filter = TopicFilter.parse(topicSubscription.topicFilter());
            Qos qos = Qos.of(topicSubscription.qualityOfService().value());
            filters.add(filter);
            decisions.add(filter.isEmpty()
                    ? CompletableFuture.completedFuture(AuthorizationResult.deny(ReasonCode.TOPIC_FILTER_INVALID, null))
                    : Stages.call(() -> broker.authorizer().authorizeSubscribe(client, filter.get(), qos)));
        }
        connection.continueWith(CompletableFuture.allOf(decisions.toArray(CompletableFuture[]::new)),
                (ignored, failure) -> subscribe(connection, packetId, requested, filters, decisions));
    }

    private void subscribe(MqttConnection connection, int packetId, List<MqttTopicSubscription> requested,
            List<Optional<TopicFilter>> filters, List<CompletableFuture<AuthorizationResult>> decisions) {
        Session session = connection.session;
        if (session == null) {
            return;
        }
        List<Integer> returnCodes = new ArrayList<>(requested.size());
        List<Subscription> added = new ArrayList<>(requested.size());
        for (int i = 0; i < requested.size(); i++) {
            AuthorizationResult decision = decision(connection, filters.get(i), decisions.get(i));
            Optional<TopicFilter> filter = filters.get(i);
            if (filter.isEmpty() || !decision.allowed() || atLimit(session, filter.get())) {
                returnCodes.add(REFUSED);
                continue;
            }
            Qos qos = Qos.of(requested.get(i).qualityOfService().value()).min(broker.settings().maximumQos());
            if (decision.grantedQos() != null) {
                qos = qos.min(decision.grantedQos());
            }
            Subscription subscription = new Subscription(session.clientId(), filter.get(), qos);
            session.subscribe(subscription);
            added.add(subscription);
            returnCodes.add(qos.value());
        }
        connection.writeAndFlush(Packets.subAck(packetId, returnCodes));
        added.forEach(subscription -> sendRetained(session, subscription));
    }

    private AuthorizationResult decision(MqttConnection connection, Optional<TopicFilter> filter,
            CompletableFuture<AuthorizationResult> future) {
        try {
            return future.join();
        } catch (RuntimeException e) {
            log.warn("Authorizer failed for client {} subscribing to {}; denying it", connection.clientId(),
                    filter.map(TopicFilter::text).orElse("?"), e);
            return AuthorizationResult.deny(ReasonCode.UNSPECIFIED_ERROR, null);
        }
    }

    private boolean atLimit(Session session, TopicFilter filter) {
        int limit = broker.settings().maxSubscriptionsPerClient();
        return limit > 0 && session.subscriptionCount() >= limit && !session.hasSubscription(filter);
    }

    /** Retained messages go out after the SUBACK, flagged retained [MQTT-3.3.1-8]; never to shared subscriptions. */
    private void sendRetained(Session session, Subscription subscription) {
        if (subscription.filter().isShared()) {
            return;
        }
        broker.retainedMessages().find(subscription.filter()).thenAccept(messages -> {
            for (Message message : messages) {
                session.deliver(new Delivery(message, message.qos().min(subscription.qos()), true));
            }
        });
    }

    void onUnsubscribe(MqttConnection connection, MqttUnsubscribeMessage unsubscribe) {
        List<String> topics = unsubscribe.payload().topics();
        if (topics.isEmpty()) {
            Disconnector.close(connection, ReasonCode.PROTOCOL_ERROR, "UNSUBSCRIBE without topic filters"); // [MQTT-3.10.3-2]
            return;
        }
        Session session = connection.session;
        if (session == null) {
            return;
        }
        for (String topic : topics) {
            TopicFilter.parse(topic).ifPresent(session::unsubscribe);
        }
        connection.writeAndFlush(Packets.unsubAck(unsubscribe.variableHeader().messageId()));
    }
}
