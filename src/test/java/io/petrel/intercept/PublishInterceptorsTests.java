package io.petrel.intercept;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.petrel.auth.ClientInfo;
import io.petrel.message.Message;
import io.petrel.message.Qos;
import io.petrel.message.ReasonCode;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The interceptor chain on its own: order, asynchronous steps, the first drop ending it, fail closed outbound. */
class PublishInterceptorsTests {

    private static final ClientInfo PUBLISHER = new ClientInfo("publisher", null,
            new InetSocketAddress("127.0.0.1", 1883), 5, "tcp");

    private final Message message = Message.of("a/b", "x", Qos.AT_LEAST_ONCE, false);

    @Test
    void eachInterceptorSeesWhatThePreviousOnePassedOnEvenWhenItAnswersLater() {
        CompletableFuture<InterceptResult> later = new CompletableFuture<>();
        PublishInterceptor first = new PublishInterceptor() {
            @Override
            public CompletionStage<InterceptResult> interceptInbound(ClientInfo publisher, Message received) {
                return later;
            }
        };
        CompletableFuture<InterceptResult> result = new PublishInterceptors(List.of(first, appending("b")))
                .inbound(PUBLISHER, message).toCompletableFuture();

        assertThat(result).isNotDone();
        later.complete(InterceptResult.proceed(message.withTopic("c/d")));

        assertThat(result).isCompleted();
        Message passed = result.join().message();
        assertThat(passed.topic()).isEqualTo("c/d");
        assertThat(new String(passed.payload(), StandardCharsets.UTF_8)).isEqualTo("xb");
    }

    @Test
    void completedStagesGiveACompletedResultAndTheFirstDropEndsTheChain() {
        AtomicInteger calledAfterDrop = new AtomicInteger();
        PublishInterceptor dropping = new PublishInterceptor() {
            @Override
            public CompletionStage<InterceptResult> interceptInbound(ClientInfo publisher, Message received) {
                return CompletableFuture.completedFuture(InterceptResult.drop(ReasonCode.QUOTA_EXCEEDED, "quota"));
            }
        };
        PublishInterceptor counting = new PublishInterceptor() {
            @Override
            public CompletionStage<InterceptResult> interceptInbound(ClientInfo publisher, Message received) {
                calledAfterDrop.incrementAndGet();
                return PublishInterceptor.super.interceptInbound(publisher, received);
            }
        };

        CompletableFuture<InterceptResult> result = new PublishInterceptors(List.of(appending("a"), dropping, counting))
                .inbound(PUBLISHER, message).toCompletableFuture();

        assertThat(result).isCompleted();
        assertThat(result.join().dropped()).isTrue();
        assertThat(result.join().reasonCode()).isEqualTo(ReasonCode.QUOTA_EXCEEDED);
        assertThat(calledAfterDrop).hasValue(0);
    }

    @Test
    void anInboundInterceptorThatThrowsFailsTheStage() {
        PublishInterceptor throwing = new PublishInterceptor() {
            @Override
            public CompletionStage<InterceptResult> interceptInbound(ClientInfo publisher, Message received) {
                throw new IllegalStateException("bug");
            }
        };

        assertThat(new PublishInterceptors(List.of(throwing)).inbound(PUBLISHER, message).toCompletableFuture())
                .isCompletedExceptionally();
    }

    @Test
    void outboundFailuresAndInvalidTopicsDropTheDelivery() {
        PublishInterceptor throwing = new PublishInterceptor() {
            @Override
            public InterceptResult interceptOutbound(String subscriberClientId, Message received) {
                throw new IllegalStateException("bug");
            }
        };
        PublishInterceptor returningNull = new PublishInterceptor() {
            @Override
            public InterceptResult interceptOutbound(String subscriberClientId, Message received) {
                return null;
            }
        };
        PublishInterceptor invalidTopic = new PublishInterceptor() {
            @Override
            public InterceptResult interceptOutbound(String subscriberClientId, Message received) {
                return InterceptResult.proceed(received.withTopic("a/+"));
            }
        };

        assertThat(new PublishInterceptors(List.of(throwing)).outbound("s", message).reasonCode())
                .isEqualTo(ReasonCode.IMPLEMENTATION_SPECIFIC_ERROR);
        assertThat(new PublishInterceptors(List.of(returningNull)).outbound("s", message).dropped()).isTrue();
        assertThat(new PublishInterceptors(List.of(invalidTopic)).outbound("s", message).reasonCode())
                .isEqualTo(ReasonCode.TOPIC_NAME_INVALID);
        assertThat(PublishInterceptors.NONE.outbound("s", message).message()).isSameAs(message);
    }

    @Test
    void aDropNeedsAnErrorReasonCode() {
        assertThatIllegalArgumentException().isThrownBy(() -> InterceptResult.drop(ReasonCode.SUCCESS, null));
    }

    private static PublishInterceptor appending(String suffix) {
        return new PublishInterceptor() {
            @Override
            public CompletionStage<InterceptResult> interceptInbound(ClientInfo publisher, Message received) {
                String payload = new String(received.payload(), StandardCharsets.UTF_8) + suffix;
                return CompletableFuture.completedFuture(
                        InterceptResult.proceed(received.withPayload(payload.getBytes(StandardCharsets.UTF_8))));
            }
        };
    }
}
