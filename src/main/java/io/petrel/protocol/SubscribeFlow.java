package io.petrel.protocol;

import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttProperties.MqttPropertyType;
import io.netty.handler.codec.mqtt.MqttSubscribeMessage;
import io.netty.handler.codec.mqtt.MqttSubscriptionOption;
import io.netty.handler.codec.mqtt.MqttTopicSubscription;
import io.netty.handler.codec.mqtt.MqttUnsubscribeMessage;
import io.petrel.auth.AuthorizationResult;
import io.petrel.auth.ClientInfo;
import io.petrel.event.ClientSubscribed;
import io.petrel.event.ClientUnsubscribed;
import io.petrel.event.EventType;
import io.petrel.message.Message;
import io.petrel.message.Qos;
import io.petrel.message.ReasonCode;
import io.petrel.routing.Delivery;
import io.petrel.routing.RetainHandling;
import io.petrel.routing.Subscription;
import io.petrel.routing.SubscriptionOptions;
import io.petrel.routing.TopicFilter;
import io.petrel.session.Session;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SUBSCRIBE and UNSUBSCRIBE: checks and authorizes each filter, updates the session, answers with SUBACK /
 * UNSUBACK and a reason code per filter, then sends the retained messages each subscription asks for.
 * Stateless; one per broker.
 */
final class SubscribeFlow {

    private static final Logger log = LoggerFactory.getLogger(SubscribeFlow.class);

    private final Broker broker;

    SubscribeFlow(Broker broker) {
        this.broker = broker;
    }

    /** One requested subscription, checked: {@code refusal} is set when it cannot be granted whatever the authorizer says. */
    private record Request(@Nullable TopicFilter filter, MqttSubscriptionOption option, @Nullable ReasonCode refusal) {}

    void onSubscribe(MqttConnection connection, MqttSubscribeMessage subscribe) {
        List<MqttTopicSubscription> requested = subscribe.payload().topicSubscriptions();
        int packetId = subscribe.idAndPropertiesVariableHeader().messageId();
        ClientInfo client = connection.client;
        if (requested.isEmpty()) {
            Disconnector.close(connection, ReasonCode.PROTOCOL_ERROR, "SUBSCRIBE without topic filters"); // [MQTT-3.8.3-3]
            return;
        }
        Integer requestedId = V5Properties.integer(subscribe.idAndPropertiesVariableHeader().properties(),
                MqttPropertyType.SUBSCRIPTION_IDENTIFIER);
        if (requestedId != null && requestedId == 0) {
            Disconnector.close(connection, ReasonCode.PROTOCOL_ERROR, "subscription identifier 0"); // 3.8.2.1.2
            return;
        }
        int subscriptionId = requestedId == null ? 0 : requestedId; // 0 from here on means "none"
        List<Request> requests = new ArrayList<>(requested.size());
        for (MqttTopicSubscription topicSubscription : requested) {
            if (!connection.isMqtt5() && hasMqtt5Options(topicSubscription.option())) {
                Disconnector.close(connection, ReasonCode.MALFORMED_PACKET,
                        "reserved subscription option bits set"); // [MQTT-3.8.3-4]
                return;
            }
            Request request = check(topicSubscription, subscriptionId);
            if (request.filter() != null && request.filter().isShared() && request.option().isNoLocal()) {
                Disconnector.close(connection, ReasonCode.PROTOCOL_ERROR, "no local on a shared subscription"); // [MQTT-3.8.3-4]
                return;
            }
            requests.add(request);
        }
        if (client == null) {
            return;
        }
        List<CompletableFuture<AuthorizationResult>> decisions = new ArrayList<>(requests.size());
        for (Request request : requests) {
            TopicFilter filter = request.filter();
            Qos qos = Qos.of(request.option().qos().value());
            decisions.add(request.refusal() != null || filter == null
                    ? CompletableFuture.completedFuture(AuthorizationResult.deny(request.refusal(), null))
                    : Stages.call(() -> broker.authorizer().authorizeSubscribe(client, filter, qos),
                            broker.settings().hookTimeout(), connection.ctx().executor()));
        }
        connection.continueWith(CompletableFuture.allOf(decisions.toArray(CompletableFuture[]::new)),
                (ignored, failure) -> subscribe(connection, packetId, subscriptionId, requests, decisions));
    }

    /** Options MQTT 5 defined in bits that MQTT 3.1.1 reserves. */
    private static boolean hasMqtt5Options(MqttSubscriptionOption option) {
        return option.isNoLocal() || option.isRetainAsPublished()
                || option.retainHandling() != MqttSubscriptionOption.RetainedHandlingPolicy.SEND_AT_SUBSCRIBE;
    }

    private Request check(MqttTopicSubscription topicSubscription, int subscriptionId) {
        MqttSubscriptionOption option = topicSubscription.option();
        Optional<TopicFilter> parsed = TopicFilter.parse(topicSubscription.topicFilter());
        if (parsed.isEmpty()) {
            return new Request(null, option, ReasonCode.TOPIC_FILTER_INVALID);
        }
        TopicFilter filter = parsed.get();
        ProtocolSettings settings = broker.settings();
        ReasonCode refusal = null;
        if (filter.isShared() && !settings.sharedSubscriptionAvailable()) {
            refusal = ReasonCode.SHARED_SUBSCRIPTIONS_NOT_SUPPORTED;
        } else if (filter.hasWildcard() && !settings.wildcardSubscriptionAvailable()) {
            refusal = ReasonCode.WILDCARD_SUBSCRIPTIONS_NOT_SUPPORTED;
        } else if (subscriptionId != 0 && !settings.subscriptionIdentifierAvailable()) {
            refusal = ReasonCode.SUBSCRIPTION_IDENTIFIERS_NOT_SUPPORTED;
        }
        return new Request(filter, option, refusal);
    }

    private void subscribe(MqttConnection connection, int packetId, int subscriptionId, List<Request> requests,
            List<CompletableFuture<AuthorizationResult>> decisions) {
        Session session = connection.session;
        if (session == null) {
            return;
        }
        List<ReasonCode> reasonCodes = new ArrayList<>(requests.size());
        List<Subscription> retainedFor = new ArrayList<>(requests.size());
        for (int i = 0; i < requests.size(); i++) {
            Request request = requests.get(i);
            AuthorizationResult decision = decision(connection, request.filter(), decisions.get(i));
            TopicFilter filter = request.filter();
            if (filter == null || !decision.allowed()) {
                reasonCodes.add(decision.reasonCode());
            } else if (atLimit(connection, session, filter)) {
                reasonCodes.add(ReasonCode.QUOTA_EXCEEDED);
            } else {
                Subscription subscription = subscription(session, filter, request.option(), subscriptionId, decision);
                boolean existed = session.subscribe(subscription);
                reasonCodes.add(grantedCode(subscription.qos()));
                subscribed(connection, subscription);
                if (wantsRetained(subscription, existed)) {
                    retainedFor.add(subscription);
                }
            }
        }
        connection.writeAndFlush(Packets.subAck(connection.protocolVersion, packetId, reasonCodes,
                MqttProperties.NO_PROPERTIES));
        retainedFor.forEach(subscription -> sendRetained(session, subscription));
    }

    private void subscribed(MqttConnection connection, Subscription subscription) {
        ClientInfo client = connection.client;
        if (client != null && broker.events().wants(EventType.CLIENT_SUBSCRIBED)) {
            broker.events().publish(new ClientSubscribed(client, subscription.filter().text(), subscription.qos(),
                    Instant.now()));
        }
    }

    private Subscription subscription(Session session, TopicFilter filter, MqttSubscriptionOption option,
            int subscriptionId, AuthorizationResult decision) {
        Qos qos = Qos.of(option.qos().value()).min(broker.settings().maximumQos());
        if (decision.grantedQos() != null) {
            qos = qos.min(decision.grantedQos());
        }
        SubscriptionOptions options = new SubscriptionOptions(option.isNoLocal(), option.isRetainAsPublished(),
                RetainHandling.values()[option.retainHandling().value()], subscriptionId);
        return new Subscription(session.clientId(), filter, qos, options);
    }

    private static ReasonCode grantedCode(Qos qos) {
        return switch (qos) {
            case AT_MOST_ONCE -> ReasonCode.SUCCESS;
            case AT_LEAST_ONCE -> ReasonCode.GRANTED_QOS_1;
            case EXACTLY_ONCE -> ReasonCode.GRANTED_QOS_2;
        };
    }

    private AuthorizationResult decision(MqttConnection connection, @Nullable TopicFilter filter,
            CompletableFuture<AuthorizationResult> future) {
        try {
            return future.join();
        } catch (RuntimeException e) {
            HookWarnings.failed(log, "Authorizer", connection.clientId(),
                    "subscribing to " + (filter == null ? "?" : filter.text()), "refusing it", e);
            return AuthorizationResult.deny(ReasonCode.UNSPECIFIED_ERROR, null);
        }
    }

    /** The broker's limit, or the tighter one the Authenticator set for this client. */
    private boolean atLimit(MqttConnection connection, Session session, TopicFilter filter) {
        int brokerLimit = broker.settings().maxSubscriptionsPerClient();
        ClientInfo client = connection.client;
        int limit = client == null ? brokerLimit : client.limits().subscriptions(brokerLimit);
        return limit > 0 && session.subscriptionCount() >= limit && !session.hasSubscription(filter);
    }

    /** Shared subscriptions never get retained messages; MQTT 5 retain handling decides for the others. */
    private static boolean wantsRetained(Subscription subscription, boolean existed) {
        return !subscription.filter().isShared() && switch (subscription.options().retainHandling()) {
            case SEND_ON_SUBSCRIBE -> true;
            case SEND_ON_NEW_SUBSCRIBE -> !existed;
            case DO_NOT_SEND -> false;
        };
    }

    /** Retained messages go out after the SUBACK, flagged retained [MQTT-3.3.1-8]. */
    private void sendRetained(Session session, Subscription subscription) {
        List<Integer> ids = subscription.options().subscriptionId() == 0 ? List.of()
                : List.of(subscription.options().subscriptionId());
        broker.retainedMessages().find(subscription.filter()).thenAccept(messages -> {
            for (Message message : messages) {
                session.deliver(new Delivery(message, message.qos().min(subscription.qos()), true, ids));
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
        List<ReasonCode> reasonCodes = new ArrayList<>(topics.size());
        for (String topic : topics) {
            reasonCodes.add(TopicFilter.parse(topic)
                    .map(filter -> unsubscribe(connection, session, filter))
                    .orElse(ReasonCode.TOPIC_FILTER_INVALID));
        }
        connection.writeAndFlush(Packets.unsubAck(unsubscribe.idAndPropertiesVariableHeader().messageId(), reasonCodes,
                MqttProperties.NO_PROPERTIES));
    }

    private ReasonCode unsubscribe(MqttConnection connection, Session session, TopicFilter filter) {
        if (!session.unsubscribe(filter)) {
            return ReasonCode.NO_SUBSCRIPTION_EXISTED;
        }
        ClientInfo client = connection.client;
        if (client != null && broker.events().wants(EventType.CLIENT_UNSUBSCRIBED)) {
            broker.events().publish(new ClientUnsubscribed(client, filter.text(), Instant.now()));
        }
        return ReasonCode.SUCCESS;
    }
}
