package io.petrel.intercept;

import io.petrel.auth.ClientInfo;
import io.petrel.message.Message;
import io.petrel.message.ReasonCode;
import io.petrel.routing.TopicName;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ordered chain of {@link PublishInterceptor}s: each one gets what the previous one passed on, and the
 * first drop ends the chain. Callers check {@link #isEmpty()} first, so a broker without interceptors does no
 * chain work at all. Immutable and thread-safe.
 */
public final class PublishInterceptors {

    private static final Logger log = LoggerFactory.getLogger(PublishInterceptors.class);

    public static final PublishInterceptors NONE = new PublishInterceptors(List.of());

    private final List<PublishInterceptor> interceptors;

    /** @param interceptors in the order they run */
    public PublishInterceptors(List<PublishInterceptor> interceptors) {
        this.interceptors = List.copyOf(interceptors);
    }

    public boolean isEmpty() {
        return interceptors.isEmpty();
    }

    /**
     * Runs the inbound chain. Interceptors that answer with completed stages are all run before this returns,
     * so the result is then complete too; an exception thrown by an interceptor fails the result.
     */
    public CompletionStage<InterceptResult> inbound(ClientInfo publisher, Message message) {
        CompletionStage<InterceptResult> result = CompletableFuture.completedFuture(InterceptResult.proceed(message));
        for (PublishInterceptor interceptor : interceptors) {
            result = result.thenCompose(previous -> previous.dropped() ? CompletableFuture.completedFuture(previous)
                    : interceptor.interceptInbound(publisher, previous.message()));
        }
        return result;
    }

    /**
     * Runs the outbound chain for one subscriber. An interceptor that throws, returns null or rewrites the
     * topic into an invalid topic name drops the delivery (fail closed), with one warning naming the client.
     */
    public InterceptResult outbound(String subscriberClientId, Message message) {
        InterceptResult result = InterceptResult.proceed(message);
        for (PublishInterceptor interceptor : interceptors) {
            try {
                result = Objects.requireNonNull(interceptor.interceptOutbound(subscriberClientId, result.message()),
                        "interceptOutbound returned null");
            } catch (RuntimeException e) {
                log.warn("PublishInterceptor {} failed for subscriber {} on topic {}: {}; dropping the delivery",
                        interceptor.getClass().getName(), subscriberClientId, message.topic(), e.toString());
                return InterceptResult.drop(ReasonCode.IMPLEMENTATION_SPECIFIC_ERROR, null);
            }
            Message passed = result.message();
            if (passed == null) {
                return result;
            }
            if (!passed.topic().equals(message.topic()) && !TopicName.isValid(passed.topic())) {
                log.warn("PublishInterceptor {} rewrote a delivery for subscriber {} to the invalid topic name '{}'; "
                        + "dropping it", interceptor.getClass().getName(), subscriberClientId, passed.topic());
                return InterceptResult.drop(ReasonCode.TOPIC_NAME_INVALID, null);
            }
        }
        return result;
    }
}
