package io.petrel.admin;

import io.petrel.session.Session;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import reactor.core.publisher.Mono;

/**
 * Work on a session's state, done on its owner (the event loop it lives on) while the HTTP thread goes on:
 * the answer comes back as a {@link Mono}, failed with 404 when the session ended first, and failed when
 * the owner does not answer in time.
 */
final class SessionCalls {

    /** How long a request waits for a session's event loop; a busy loop answers in milliseconds. */
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    private SessionCalls() {}

    static <T> Mono<T> call(Session session, Function<Session, T> task) {
        return await(session.clientId(), session.callOnOwner(task));
    }

    /** Like {@link #call}, but empty when the session ended first. */
    static <T> Mono<T> callIfLive(Session session, Function<Session, T> task) {
        return Mono.fromFuture(session.callOnOwner(task)).timeout(TIMEOUT).flatMap(Mono::justOrEmpty);
    }

    static <T> Mono<T> await(String clientId, CompletableFuture<Optional<T>> onOwner) {
        return Mono.fromFuture(onOwner).timeout(TIMEOUT).flatMap(Mono::justOrEmpty)
                .switchIfEmpty(Mono.error(() -> noSession(clientId)));
    }

    static AdminRequestException noSession(String clientId) {
        return AdminRequestException.notFound("no session for client id " + clientId);
    }
}
