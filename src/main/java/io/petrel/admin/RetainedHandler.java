package io.petrel.admin;

import io.petrel.message.Message;
import io.petrel.message.Qos;
import io.petrel.retain.RetainedMessageStore;
import io.petrel.routing.TopicFilter;
import io.petrel.routing.TopicName;
import java.util.Comparator;
import java.util.List;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/** {@code /retained}: lists retained messages by topic filter, shows one by topic, and deletes one. */
final class RetainedHandler {

    private final RetainedMessageStore store;

    RetainedHandler(RetainedMessageStore store) {
        this.store = store;
    }

    /** The messages whose topics match the {@code filter} query parameter ({@code #} when absent), by topic. */
    Mono<ServerResponse> list(ServerRequest request) {
        Paging paging = Paging.of(request);
        String text = request.queryParam("filter").orElse("#");
        TopicFilter filter = TopicFilter.parse(text)
                .orElseThrow(() -> AdminRequestException.badRequest("not a valid topic filter: " + text));
        if (filter.isShared()) {
            throw AdminRequestException.badRequest("retained messages are not listed by shared subscription filters");
        }
        return Mono.fromCompletionStage(store.find(filter)).flatMap(messages -> {
            List<Message> sorted = messages.stream().sorted(Comparator.comparing(Message::topic)).toList();
            long now = System.currentTimeMillis();
            List<RetainedMessageView> items = paging.slice(sorted).stream()
                    .map(message -> RetainedMessageView.of(message, now)).toList();
            return ServerResponse.ok().bodyValue(paging.page(items, sorted.size()));
        });
    }

    Mono<ServerResponse> get(ServerRequest request) {
        String topic = topic(request);
        return find(topic).flatMap(message -> ServerResponse.ok()
                .bodyValue(RetainedMessageView.of(message, System.currentTimeMillis())));
    }

    /** Deletes the retained message of the topic, as a retained PUBLISH with an empty payload would, but silently. */
    Mono<ServerResponse> delete(ServerRequest request) {
        String topic = topic(request);
        return find(topic)
                .flatMap(found -> Mono.fromCompletionStage(store.put(new Message(topic, new byte[0], Qos.AT_MOST_ONCE, true))))
                .then(ServerResponse.noContent().build());
    }

    private Mono<Message> find(String topic) {
        TopicFilter exact = TopicFilter.parse(topic)
                .orElseThrow(() -> AdminRequestException.badRequest("not a valid topic name: " + topic));
        return Mono.fromCompletionStage(store.find(exact))
                .flatMap(messages -> Mono.justOrEmpty(messages.stream().findFirst()))
                .switchIfEmpty(Mono.error(() -> AdminRequestException.notFound("no retained message for " + topic)));
    }

    /** The topic name after {@code /retained/}, which may itself contain slashes. */
    private static String topic(ServerRequest request) {
        String topic = request.pathVariable("topic");
        topic = topic.startsWith("/") ? topic.substring(1) : topic;
        if (!TopicName.isValid(topic)) {
            throw AdminRequestException.badRequest("not a valid topic name: " + topic);
        }
        return topic;
    }
}
