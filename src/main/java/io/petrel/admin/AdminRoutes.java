package io.petrel.admin;

import io.petrel.protocol.Broker;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.springframework.core.codec.DecodingException;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Mono;

/**
 * The admin REST API's routes under {@code /api/v1}, behind HTTP Basic authentication, with JSON errors
 * ({@code {"error": "..."}}). Its OpenAPI description is {@code /api/v1/openapi.yaml}.
 */
public final class AdminRoutes {

    /** Where every route of the API starts. */
    public static final String BASE_PATH = "/api/v1";

    static final String OPENAPI_RESOURCE = "io/petrel/admin/openapi.yaml";
    private static final MediaType YAML = MediaType.parseMediaType("application/yaml");

    private AdminRoutes() {}

    /** The routes over the broker's state, for requests with this username and password. */
    public static RouterFunction<ServerResponse> create(Broker broker, String username, String password) {
        ClientsHandler clients = new ClientsHandler(broker.sessions());
        SubscriptionsHandler subscriptions = new SubscriptionsHandler(clients, broker.retainedMessages(),
                broker.settings());
        RetainedHandler retained = new RetainedHandler(broker.retainedMessages());
        PublishHandler publish = new PublishHandler(broker.publisher(), broker.settings());
        Resource openApi = new ClassPathResource(OPENAPI_RESOURCE, AdminRoutes.class.getClassLoader());
        return RouterFunctions.route().path(BASE_PATH, api -> api
                        .GET("/clients", clients::list)
                        .GET("/clients/{clientId}", clients::get)
                        .DELETE("/clients/{clientId}", clients::kick)
                        .GET("/clients/{clientId}/subscriptions", subscriptions::list)
                        .POST("/clients/{clientId}/subscriptions", subscriptions::add)
                        .DELETE("/clients/{clientId}/subscriptions", subscriptions::remove)
                        .GET("/retained", retained::list)
                        .GET("/retained/{*topic}", retained::get)
                        .DELETE("/retained/{*topic}", retained::delete)
                        .POST("/publish", publish::publish)
                        .GET("/openapi.yaml", request -> ServerResponse.ok().contentType(YAML).bodyValue(openApi)))
                .filter(new BasicAuthentication(username, password))
                .onError(ResponseStatusException.class, (e, request) -> error(HttpStatus.valueOf(e.getStatusCode().value()),
                        e.getReason() == null ? e.getMessage() : e.getReason()))
                .onError(DecodingException.class, (e, request) -> error(HttpStatus.BAD_REQUEST,
                        "the body is not the JSON this route takes: " + e.getMessage()))
                .onError(TimeoutException.class, (e, request) -> error(HttpStatus.SERVICE_UNAVAILABLE,
                        "the session's event loop did not answer in time"))
                // Handlers may throw before they return a Mono: turn that into an error the handlers above see.
                .filter((request, next) -> Mono.defer(() -> next.handle(request)))
                .build();
    }

    private static Mono<ServerResponse> error(HttpStatus status, String reason) {
        return ServerResponse.status(status).contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("error", reason));
    }
}
