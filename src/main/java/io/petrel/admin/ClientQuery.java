package io.petrel.admin;

import io.petrel.session.ConnectionDetails;
import io.petrel.session.Session;
import java.util.Objects;
import java.util.Optional;
import org.springframework.web.reactive.function.server.ServerRequest;

/**
 * The filters of a client listing, from its query parameters: {@code clientId} (a part of the client id),
 * {@code username}, {@code listener} and {@code connected}. Each is checked against what a session shows to
 * every thread, so a listing visits no event loop until it has picked its page.
 */
record ClientQuery(Optional<String> clientIdPart, Optional<String> username, Optional<String> listener,
        Optional<Boolean> connected) {

    static ClientQuery of(ServerRequest request) {
        return new ClientQuery(request.queryParam("clientId"), request.queryParam("username"),
                request.queryParam("listener"), QueryParameters.bool(request, "connected"));
    }

    boolean matches(Session session) {
        if (clientIdPart.isPresent() && !session.clientId().contains(clientIdPart.get())) {
            return false;
        }
        if (connected.isPresent() && connected.get() != session.isConnected()) {
            return false;
        }
        ConnectionDetails details = session.lastConnection();
        if (username.isPresent() && (details == null || !Objects.equals(username.get(), details.username()))) {
            return false;
        }
        return listener.isEmpty() || details != null && listener.get().equals(details.listener());
    }
}
