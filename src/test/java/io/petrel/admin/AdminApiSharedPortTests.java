package io.petrel.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.petrel.test.BrokerTest;
import io.petrel.test.client.TestClients;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.yaml.snakeyaml.Yaml;

/**
 * The admin REST API when the management server shares the application's port (management.server.port
 * unset): it is served next to Actuator from the application context, and its OpenAPI description names
 * exactly the routes it has.
 */
@BrokerTest(properties = {"mqtt.listeners.tcp.port=0", "mqtt.listeners.tcp.host=127.0.0.1",
    "management.server.port=", "server.address=127.0.0.1", "mqtt.admin.password=shared"})
@DirtiesContext // no other test class shares this configuration: close it now, not at JVM exit
class AdminApiSharedPortTests {

    @RegisterExtension
    final TestClients clients = new TestClients();

    @LocalServerPort
    int port;

    @Autowired
    RouterFunction<ServerResponse> adminRoutes;

    @Test
    void apiAndActuatorShareTheServerPort() throws Exception {
        String clientId = clients.connected3("shared").getConfig().getClientIdentifier().orElseThrow().toString();

        AdminHttp.Response response = AdminHttp.withCredentials(port, "admin", "shared").get("/clients/" + clientId);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().get("protocolVersion").asInt()).isEqualTo(4);
        assertThat(AdminHttp.withoutCredentials(port).get("/clients").status()).isEqualTo(401);
        assertThat(java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/actuator/health"))
                        .build(), java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
    }

    @Test
    void everyRouteIsDescribedAndEveryDescribedRouteExists() throws IOException {
        Set<String> routes = new TreeSet<>();
        for (String route : RouteCollector.routesOf(adminRoutes)) {
            routes.add(route.replace("{*", "{")); // a catch-all path variable is one path parameter in OpenAPI
        }

        assertThat(routes).isNotEmpty().isEqualTo(describedRoutes());
    }

    @SuppressWarnings("unchecked")
    private static Set<String> describedRoutes() throws IOException {
        Map<String, Object> description;
        try (InputStream in = AdminRoutes.class.getClassLoader().getResourceAsStream(AdminRoutes.OPENAPI_RESOURCE)) {
            description = new Yaml().load(in);
        }
        String base = ((Map<String, Object>) ((java.util.List<Object>) description.get("servers")).get(0)).get("url")
                .toString();
        Set<String> described = new TreeSet<>();
        ((Map<String, Map<String, Object>>) description.get("paths")).forEach((path, operations) -> {
            for (String key : operations.keySet()) {
                if (!key.equals("parameters")) {
                    described.add(key.toUpperCase(java.util.Locale.ROOT) + " " + base + path);
                }
            }
        });
        return described;
    }
}
