package io.petrel.admin;

import java.util.List;
import org.springframework.web.reactive.function.server.ServerRequest;

/** The {@code page} (from 0) and {@code size} query parameters of a listing. */
record Paging(int page, int size) {

    private static final int DEFAULT_SIZE = 50;
    private static final int MAX_SIZE = 1000;

    static Paging of(ServerRequest request) {
        int page = QueryParameters.integer(request, "page", 0);
        int size = QueryParameters.integer(request, "size", DEFAULT_SIZE);
        if (page < 0) {
            throw AdminRequestException.badRequest("page must be 0 or more");
        }
        if (size < 1 || size > MAX_SIZE) {
            throw AdminRequestException.badRequest("size must be between 1 and " + MAX_SIZE);
        }
        return new Paging(page, size);
    }

    /** The items of this page out of the whole, sorted listing. */
    <T> List<T> slice(List<T> all) {
        long from = (long) page * size;
        if (from >= all.size()) {
            return List.of();
        }
        return all.subList((int) from, (int) Math.min(all.size(), from + size));
    }

    <T> Page<T> page(List<T> items, long total) {
        return new Page<>(items, page, size, total);
    }
}
