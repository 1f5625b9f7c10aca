package io.petrel.admin;

import io.petrel.session.Session;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Work on a session's state, done on its owner (the event loop it lives on) while the HTTP thread goes on:
 * the answer comes back as a {@link Mono}, failed with 404 when the session ended first, and failed when
 * the owner does not answer in time. What follows (JSON, the response) runs on Reactor's parallel
 * threads, so the broker's event loop does the session work and nothing more.
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
        return answer(session.callOnOwner(task));
    }

    static <T> Mono<T> await(String clientId, CompletableFuture<Optional<T>> onOwner) {
        return SessionCalls.<T>answer(onOwner).switchIfEmpty(Mono.error(() -> noSession(clientId)));
    }

    private static <T> Mono<T> answer(CompletableFuture<Optional<T>> onOwner) {
        return Mono.fromFuture(onOwner).timeout(TIMEOUT).publishOn(Schedulers.parallel()).flatMap(Mono::justOrEmpty);
    }

    static AdminRequestException noSession(String clientId) {
        return AdminRequestException.notFound("no session for client id " + clientId);
    }
}
