package io.petrel.intercept;

import io.petrel.auth.ClientInfo;
import io.petrel.message.Message;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Sees every application message on its way through the broker and may rewrite it (topic, payload,
 * properties) or drop it. Declare beans of this type; they run in {@code @Order}, each one seeing what the
 * one before it passed on. Both methods default to passing the message on unchanged, so an interceptor
 * implements only the direction it cares about.
 *
 * <p>Inbound runs once per PUBLISH from a client (not for wills or the broker's own {@code $SYS} messages),
 * after the {@code Authorizer} allowed it and before it is retained and routed. A rewritten topic is checked
 * again as a topic name but not authorized again: interceptors are trusted server code, and moving a
 * client's message into a topic that the client may not publish to itself is a legitimate use.
 *
 * <p>Threading: both methods are called on the network event loop of the client concerned and must not
 * block. {@link #interceptInbound} may return a stage that completes later on another thread (a remote
 * check); until it does the broker reads nothing more from that client, so the client's messages keep their
 * order. {@link #interceptOutbound} answers at once, because one subscriber's deliveries must not wait for
 * one another. An inbound call that throws, returns a failed stage or does not complete within
 * {@code mqtt.hook-timeout}, and an outbound call that throws, drop the message (fail closed) with one
 * warning naming the client.
 */
public interface PublishInterceptor {

    /**
     * A message a client published. Return {@link InterceptResult#proceed(Message)} with the message or a
     * modified copy (see {@link Message#withTopic}, {@link Message#withPayload}), or
     * {@link InterceptResult#drop} with a reason code: an MQTT 5 publisher sees it in its PUBACK or PUBREC
     * (QoS 1 and 2), while an MQTT 3.1.1 publisher gets its usual acknowledgement and the message goes
     * nowhere, since 3.1.1 has no way to refuse a PUBLISH short of closing the connection.
     */
    default CompletionStage<InterceptResult> interceptInbound(ClientInfo publisher, Message message) {
        return CompletableFuture.completedFuture(InterceptResult.proceed(message));
    }

    /**
     * A message about to reach one subscriber's session (delivered now or queued for later). The returned
     * message is what this subscriber receives; other subscribers are not affected. A dropped delivery is
     * counted as dropped with the reason {@code intercepted}.
     *
     * @param subscriberClientId the client id of the receiving session
     */
    default InterceptResult interceptOutbound(String subscriberClientId, Message message) {
        return InterceptResult.proceed(message);
    }
}
