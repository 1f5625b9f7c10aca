package io.petrel.admin;

import io.petrel.protocol.Broker;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.HandlerFunction;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
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

    private static final Logger log = LoggerFactory.getLogger(AdminRoutes.class);
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
                .filter(AdminRoutes::logChanges)
                .filter(AdminRoutes::answerErrorsInJson)
                .build();
    }

    /** Each change made through the API leaves one INFO line: what was asked, and the answer. */
    private static Mono<ServerResponse> logChanges(ServerRequest request, HandlerFunction<ServerResponse> next) {
        if (request.method() == HttpMethod.GET) {
            return next.handle(request);
        }
        return next.handle(request).doOnNext(response -> log.info("Admin API {} {} answered {}", request.method(),
                request.uri().getRawQuery() == null ? request.uri().getRawPath()
                        : request.uri().getRawPath() + "?" + request.uri().getRawQuery(),
                response.statusCode().value()));
    }

    /** Refusals and timeouts, thrown or signalled, become JSON answers. */
    private static Mono<ServerResponse> answerErrorsInJson(ServerRequest request, HandlerFunction<ServerResponse> next) {
        return Mono.defer(() -> next.handle(request)) // a handler may throw before it returns a Mono
                .onErrorResume(ResponseStatusException.class,
                        e -> error(HttpStatus.valueOf(e.getStatusCode().value()), reason(e)))
                .onErrorResume(TimeoutException.class,
                        e -> error(HttpStatus.SERVICE_UNAVAILABLE, "the session's event loop did not answer in time"));
    }

    /** Our own reason, or, for a body that did not decode, the first line of what the decoder said. */
    private static String reason(ResponseStatusException e) {
        String reason = e.getReason() == null ? e.getStatusCode().toString() : e.getReason();
        if (e.getCause() == null) {
            return reason;
        }
        String cause = String.valueOf(e.getMostSpecificCause().getMessage());
        int lineEnd = cause.indexOf('\n');
        return reason + ": " + (lineEnd < 0 ? cause : cause.substring(0, lineEnd));
    }

    private static Mono<ServerResponse> error(HttpStatus status, String reason) {
        return ServerResponse.status(status).contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("error", reason));
    }
}
