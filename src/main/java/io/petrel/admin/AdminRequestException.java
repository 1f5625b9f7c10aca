package io.petrel.admin;

import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/** A request the API refuses, with the status and a reason for the caller; answered as {@code {"error": reason}}. */
final class AdminRequestException extends ResponseStatusException {

    private AdminRequestException(HttpStatus status, String reason) {
        super(status, reason);
    }

    static AdminRequestException badRequest(String reason) {
        return new AdminRequestException(HttpStatus.BAD_REQUEST, reason);
    }

    static AdminRequestException notFound(String reason) {
        return new AdminRequestException(HttpStatus.NOT_FOUND, reason);
    }

    static AdminRequestException forbidden(String reason) {
        return new AdminRequestException(HttpStatus.FORBIDDEN, reason);
    }

    static AdminRequestException conflict(String reason) {
        return new AdminRequestException(HttpStatus.CONFLICT, reason);
    }
}
