package io.petrel.test.client;

import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The two waits on what a real client received, whatever the client: for the next message, up to
 * {@link TestClients#PATIENCE}, and for none, through {@link TestClients#QUIET}.
 */
final class Inbox {

    /** Where messages come from: HiveMQ's {@code publishes::receive}, or a queue's poll wrapped in an Optional. */
    @FunctionalInterface
    interface Source<M> {
        Optional<M> receive(long timeout, TimeUnit unit) throws InterruptedException;
    }

    private Inbox() {}

    static <M> M next(Source<M> source) throws InterruptedException {
        return source.receive(TestClients.PATIENCE.toMillis(), TimeUnit.MILLISECONDS)
                .orElseThrow(() -> new AssertionError("no message within " + TestClients.PATIENCE));
    }

    /** Fails when a message arrives within {@link TestClients#QUIET}, naming it as {@code describe} does. */
    static <M> void assertNone(Source<M> source, Function<M, String> describe) throws InterruptedException {
        Optional<M> message = source.receive(TestClients.QUIET.toMillis(), TimeUnit.MILLISECONDS);
        if (message.isPresent()) {
            throw new AssertionError("expected no message, got " + describe.apply(message.get()));
        }
    }
}
