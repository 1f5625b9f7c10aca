package io.petrel.test.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Reads a node's {@code /actuator/health} (or one of its groups) over real HTTP on the management port. */
public final class Health {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private Health() {}

    /** {@code GET /actuator/health{path}} as JSON; a DOWN answer (HTTP 503) has a body too. */
    public static JsonNode of(int managementPort, String path) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort
                + "/actuator/health" + path)).timeout(Duration.ofSeconds(20)).GET().build();
        try {
            return JSON.readTree(HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The overall status, for example {@code UP}. */
    public static String status(int managementPort) {
        return of(managementPort, "").path("status").asString();
    }

    /** One component's status, or {@code MISSING} when there is no such component. */
    public static String component(int managementPort, String name) {
        return of(managementPort, "").path("components").path(name).path("status").asString("MISSING");
    }
}
