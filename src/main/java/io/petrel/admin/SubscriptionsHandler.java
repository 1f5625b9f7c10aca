package io.petrel.admin;

import io.petrel.message.Message;
import io.petrel.message.Qos;
import io.petrel.protocol.ProtocolSettings;
import io.petrel.retain.RetainedMessageStore;
import io.petrel.routing.Delivery;
import io.petrel.routing.Subscription;
import io.petrel.routing.TopicFilter;
import io.petrel.session.Session;
import java.util.Comparator;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * {@code /clients/{clientId}/subscriptions}: lists, adds and removes a client's subscriptions, on the
 * session's owner. An added subscription acts as a SUBSCRIBE would: a connected client receives the
 * retained messages it matches.
 */
final class SubscriptionsHandler {

    /** What adding a subscription did on the owner. */
    private enum Added { CREATED, REPLACED, QUOTA_EXCEEDED }

    private final ClientsHandler clients;
    private final RetainedMessageStore retainedMessages;
    private final ProtocolSettings settings;

    SubscriptionsHandler(ClientsHandler clients, RetainedMessageStore retainedMessages, ProtocolSettings settings) {
        this.clients = clients;
        this.retainedMessages = retainedMessages;
        this.settings = settings;
    }

    Mono<ServerResponse> list(ServerRequest request) {
        Session session = clients.session(request.pathVariable("clientId"));
        return SessionCalls.call(session, SubscriptionsHandler::views)
                .flatMap(views -> ServerResponse.ok().bodyValue(views));
    }

    private static List<SubscriptionView> views(Session session) {
        return session.subscriptions().stream().map(SubscriptionView::of)
                .sorted(Comparator.comparing(SubscriptionView::filter)).toList();
    }

    /** Adds or replaces a subscription; 201 when it is new, 200 when it replaced one to the same filter. */
    Mono<ServerResponse> add(ServerRequest request) {
        Session session = clients.session(request.pathVariable("clientId"));
        return request.bodyToMono(SubscriptionRequest.class)
                .switchIfEmpty(Mono.error(() -> AdminRequestException.badRequest("a JSON body is required")))
                .flatMap(body -> {
                    Subscription subscription = subscription(session.clientId(), body);
                    return SessionCalls.call(session, owned -> add(owned, subscription))
                            .flatMap(added -> respond(added, subscription));
                });
    }

    private Subscription subscription(String clientId, SubscriptionRequest body) {
        if (body.filter() == null) {
            throw AdminRequestException.badRequest("filter is required");
        }
        TopicFilter filter = TopicFilter.parse(body.filter())
                .orElseThrow(() -> AdminRequestException.badRequest("not a valid topic filter: " + body.filter()));
        if (body.qosOrDefault() < 0 || body.qosOrDefault() > 2) {
            throw AdminRequestException.badRequest("qos must be 0, 1 or 2");
        }
        if (filter.isShared() && !settings.sharedSubscriptionAvailable()) {
            throw AdminRequestException.badRequest("shared subscriptions are off (mqtt.shared-subscription-available)");
        }
        if (filter.hasWildcard() && !settings.wildcardSubscriptionAvailable()) {
            throw AdminRequestException.badRequest(
                    "wildcard subscriptions are off (mqtt.wildcard-subscription-available)");
        }
        return new Subscription(clientId, filter, Qos.of(body.qosOrDefault()).min(settings.maximumQos()));
    }

    private Added add(Session session, Subscription subscription) {
        int limit = settings.maxSubscriptionsPerClient();
        if (limit > 0 && session.subscriptionCount() >= limit && !session.hasSubscription(subscription.filter())) {
            return Added.QUOTA_EXCEEDED;
        }
        boolean existed = session.subscribe(subscription);
        // Shared subscriptions never get retained messages; an offline client gets them when it subscribes itself.
        if (!subscription.filter().isShared() && session.isConnected()) {
            sendRetained(session, subscription);
        }
        return existed ? Added.REPLACED : Added.CREATED;
    }

    private void sendRetained(Session session, Subscription subscription) {
        retainedMessages.find(subscription.filter()).thenAccept(messages -> {
            for (Message message : messages) {
                session.deliver(new Delivery(message, message.qos().min(subscription.qos()), true));
            }
        });
    }

    private static Mono<ServerResponse> respond(Added added, Subscription subscription) {
        return switch (added) {
            case CREATED -> ServerResponse.status(HttpStatus.CREATED).bodyValue(SubscriptionView.of(subscription));
            case REPLACED -> ServerResponse.ok().bodyValue(SubscriptionView.of(subscription));
            case QUOTA_EXCEEDED -> Mono.error(AdminRequestException.conflict(
                    "the client has as many subscriptions as allowed (mqtt.max-subscriptions-per-client)"));
        };
    }

    /** Removes the subscription to the {@code filter} query parameter; 404 when the client has none to it. */
    Mono<ServerResponse> remove(ServerRequest request) {
        Session session = clients.session(request.pathVariable("clientId"));
        String text = request.queryParam("filter")
                .orElseThrow(() -> AdminRequestException.badRequest("the filter query parameter is required"));
        TopicFilter filter = TopicFilter.parse(text)
                .orElseThrow(() -> AdminRequestException.badRequest("not a valid topic filter: " + text));
        return SessionCalls.call(session, owned -> owned.unsubscribe(filter))
                .flatMap(removed -> removed ? ServerResponse.noContent().build()
                        : Mono.error(AdminRequestException.notFound("the client has no subscription to " + text)));
    }
}
