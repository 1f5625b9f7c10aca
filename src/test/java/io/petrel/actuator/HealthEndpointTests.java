package io.petrel.actuator;

import static org.assertj.core.api.Assertions.assertThat;

import io.petrel.test.BrokerTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalManagementPort;

@BrokerTest
class HealthEndpointTests {

    @LocalManagementPort
    int managementPort;

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void healthIsUpWithTheMqttComponentOnceTheListenerIsBound() throws Exception {
        HttpResponse<String> response = get("/actuator/health");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"status\":\"UP\"").contains("\"mqtt\"")
                .contains("\"tcp\":{").contains("\"ws\":{").contains("\"bound\":true")
                .doesNotContain("\"bound\":false").contains("\"connection_rate\":0").contains("\"droppedMessages\"");
    }

    @Test
    void livenessAndReadinessGroupsAreServed() throws Exception {
        assertThat(get("/actuator/health/liveness").body()).contains("\"status\":\"UP\"");
        assertThat(get("/actuator/health/readiness").body()).contains("\"status\":\"UP\"");
    }

    @Test
    void listenerConnectionCountsAreMetrics() throws Exception {
        HttpResponse<String> response = get("/actuator/metrics/petrel.connections.refused?tag=listener:tcp&tag=reason:connection_rate");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"name\":\"petrel.connections.refused\"").contains("\"COUNT\"");
        assertThat(get("/actuator/metrics/petrel.connections.open?tag=listener:ws").statusCode()).isEqualTo(200);
    }
}
