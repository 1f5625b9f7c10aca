package io.petrel.admin;

import java.util.Optional;
import org.springframework.web.reactive.function.server.ServerRequest;

/** Typed query parameters; a malformed one is a bad request. */
final class QueryParameters {

    private QueryParameters() {}

    static int integer(ServerRequest request, String name, int absent) {
        Optional<String> value = request.queryParam(name);
        if (value.isEmpty()) {
            return absent;
        }
        try {
            return Integer.parseInt(value.get());
        } catch (NumberFormatException e) {
            throw AdminRequestException.badRequest(name + " must be an integer: " + value.get());
        }
    }

    static Optional<Boolean> bool(ServerRequest request, String name) {
        return request.queryParam(name).map(value -> switch (value) {
            case "true" -> true;
            case "false" -> false;
            default -> throw AdminRequestException.badRequest(name + " must be true or false: " + value);
        });
    }
}
