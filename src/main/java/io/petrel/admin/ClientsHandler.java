package io.petrel.admin;

import io.petrel.session.Session;
import io.petrel.session.SessionRegistry;
import java.util.Comparator;
import java.util.List;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** {@code /clients}: lists and searches clients, shows one, and disconnects one. */
final class ClientsHandler {

    /** What a kick did. */
    record Kicked(String clientId, boolean wasConnected, boolean sessionDiscarded) {}

    private final SessionRegistry sessions;

    ClientsHandler(SessionRegistry sessions) {
        this.sessions = sessions;
    }

    /** Sessions that match the filters, sorted by client id; only the page's sessions are visited on their owners. */
    Mono<ServerResponse> list(ServerRequest request) {
        Paging paging = Paging.of(request);
        ClientQuery query = ClientQuery.of(request);
        List<Session> matching = sessions.all().stream().filter(query::matches)
                .sorted(Comparator.comparing(Session::clientId)).toList();
        return Flux.fromIterable(paging.slice(matching))
                .flatMapSequential(session -> SessionCalls.callIfLive(session, ClientView::of))
                .collectList()
                .flatMap(items -> ServerResponse.ok().bodyValue(paging.page(items, matching.size())));
    }

    Mono<ServerResponse> get(ServerRequest request) {
        String clientId = request.pathVariable("clientId");
        return SessionCalls.call(session(clientId), ClientView::of)
                .flatMap(view -> ServerResponse.ok().bodyValue(view));
    }

    /** Disconnects the client (MQTT 5: DISCONNECT 0x98); {@code session=true} discards its session too. */
    Mono<ServerResponse> kick(ServerRequest request) {
        String clientId = request.pathVariable("clientId");
        boolean discard = QueryParameters.bool(request, "session").orElse(false);
        return SessionCalls.await(clientId, sessions.closeForAdministrator(session(clientId), discard))
                .flatMap(wasConnected -> ServerResponse.ok().bodyValue(new Kicked(clientId, wasConnected, discard)));
    }

    /** The client's session, or 404. */
    Session session(String clientId) {
        return sessions.find(clientId).orElseThrow(() -> SessionCalls.noSession(clientId));
    }
}
