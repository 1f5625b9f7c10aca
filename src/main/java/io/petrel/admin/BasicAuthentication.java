package io.petrel.admin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.server.HandlerFilterFunction;
import org.springframework.web.reactive.function.server.HandlerFunction;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * HTTP Basic authentication against one configured username and password. Both are compared as SHA-256
 * digests in constant time, so neither their content nor their length shows in the response time. A
 * request without the right credentials gets 401 with a {@code WWW-Authenticate} challenge.
 */
final class BasicAuthentication implements HandlerFilterFunction<ServerResponse, ServerResponse> {

    private static final String CHALLENGE = "Basic realm=\"Petrel admin\", charset=\"UTF-8\"";
    private static final String SCHEME = "basic ";

    private final byte[] usernameDigest;
    private final byte[] passwordDigest;

    BasicAuthentication(String username, String password) {
        this.usernameDigest = sha256(username);
        this.passwordDigest = sha256(password);
    }

    @Override
    public Mono<ServerResponse> filter(ServerRequest request, HandlerFunction<ServerResponse> next) {
        if (!authenticated(request.headers().firstHeader(HttpHeaders.AUTHORIZATION))) {
            return ServerResponse.status(HttpStatus.UNAUTHORIZED).header(HttpHeaders.WWW_AUTHENTICATE, CHALLENGE).build();
        }
        return next.handle(request);
    }

    private boolean authenticated(@Nullable String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            return false;
        }
        String credentials;
        try {
            credentials = new String(Base64.getDecoder().decode(authorization.substring(SCHEME.length()).trim()),
                    StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return false; // not Base64
        }
        int colon = credentials.indexOf(':');
        if (colon < 0) {
            return false;
        }
        boolean username = MessageDigest.isEqual(usernameDigest, sha256(credentials.substring(0, colon)));
        boolean password = MessageDigest.isEqual(passwordDigest, sha256(credentials.substring(colon + 1)));
        return username & password; // both compared, whatever the first outcome
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
