package io.petrel.admin;

import io.petrel.message.Message;
import io.petrel.message.MessageProperties;
import io.petrel.message.Qos;
import io.petrel.message.UserProperty;
import io.petrel.protocol.ProtocolSettings;
import io.petrel.routing.TopicName;
import io.petrel.session.MessagePublisher;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * {@code /publish}: publishes a message as the broker itself (no client is its origin), retained when asked.
 * {@code $SYS} topics belong to the broker and are refused, as they are for clients.
 */
final class PublishHandler {

    /** What a publish did: how many subscribers the message was handed to. */
    record Published(String topic, int subscribers) {}

    private static final int MAX_TOPIC_BYTES = 65_535;
    private static final long MAX_EXPIRY_SECONDS = 0xFFFFFFFFL;

    private final MessagePublisher publisher;
    private final ProtocolSettings settings;

    PublishHandler(MessagePublisher publisher, ProtocolSettings settings) {
        this.publisher = publisher;
        this.settings = settings;
    }

    Mono<ServerResponse> publish(ServerRequest request) {
        return request.bodyToMono(PublishRequest.class)
                .switchIfEmpty(Mono.error(() -> AdminRequestException.badRequest("a JSON body is required")))
                .flatMap(body -> {
                    Message message = message(body);
                    int subscribers = publisher.publish(message);
                    return ServerResponse.ok().bodyValue(new Published(message.topic(), subscribers));
                });
    }

    private Message message(PublishRequest body) {
        String topic = topic(body.topic());
        if (body.qosOrDefault() < 0 || body.qosOrDefault() > 2) {
            throw AdminRequestException.badRequest("qos must be 0, 1 or 2");
        }
        if (body.retainOrDefault() && !settings.retainAvailable()) {
            throw AdminRequestException.badRequest("retained messages are off (mqtt.retain-available)");
        }
        byte[] payload = Payloads.decode(body.payload(), body.encoding());
        if (payload.length > settings.maximumPacketSize()) {
            throw AdminRequestException.badRequest("the payload is larger than mqtt.maximum-packet-size");
        }
        Long expiry = body.messageExpiryIntervalSeconds();
        if (expiry != null && (expiry < 0 || expiry > MAX_EXPIRY_SECONDS)) {
            throw AdminRequestException.badRequest("messageExpiryIntervalSeconds must be between 0 and " + MAX_EXPIRY_SECONDS);
        }
        List<UserProperty> userProperties = body.userProperties() == null ? List.of() : body.userProperties();
        if (userProperties.stream().anyMatch(property -> property == null
                || Objects.isNull(property.name()) || Objects.isNull(property.value()))) {
            throw AdminRequestException.badRequest("every user property needs a name and a value");
        }
        boolean text = body.encoding() == null || Payloads.TEXT.equalsIgnoreCase(body.encoding());
        MessageProperties properties = new MessageProperties(text ? 1 : null, body.contentType(), null, null,
                userProperties);
        long expiresAt = expiry == null ? Message.NEVER : System.currentTimeMillis() + expiry * 1000;
        return new Message(topic, payload, Qos.of(body.qosOrDefault()), body.retainOrDefault(), properties, expiresAt, null);
    }

    private static String topic(@Nullable String topic) {
        if (topic == null || !TopicName.isValid(topic) || topic.getBytes(StandardCharsets.UTF_8).length > MAX_TOPIC_BYTES) {
            throw AdminRequestException.badRequest("not a valid topic name: " + topic);
        }
        if (topic.equals("$SYS") || topic.startsWith("$SYS/")) {
            throw AdminRequestException.forbidden("$SYS topics belong to the broker");
        }
        return topic;
    }
}
