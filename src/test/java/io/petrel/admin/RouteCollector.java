package io.petrel.admin;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.springframework.core.io.Resource;
import org.springframework.http.HttpMethod;
import org.springframework.web.reactive.function.server.HandlerFunction;
import org.springframework.web.reactive.function.server.RequestPredicate;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import reactor.core.publisher.Mono;

/** Reads the routes of a router function as "METHOD /path" lines, nested paths joined. */
final class RouteCollector implements RouterFunctions.Visitor, RequestPredicates.Visitor {

    private final Deque<String> prefixes = new ArrayDeque<>();
    private final Set<String> routes = new TreeSet<>();
    private String path = "";
    private String method = "";

    static Set<String> routesOf(RouterFunction<?> router) {
        RouteCollector collector = new RouteCollector();
        router.accept(collector);
        return collector.routes;
    }

    @Override
    public void startNested(RequestPredicate predicate) {
        path = "";
        predicate.accept(this);
        prefixes.push(prefix() + path);
    }

    @Override
    public void endNested(RequestPredicate predicate) {
        prefixes.pop();
    }

    @Override
    public void route(RequestPredicate predicate, HandlerFunction<?> handler) {
        path = "";
        method = "";
        predicate.accept(this);
        routes.add(method + " " + prefix() + path);
    }

    private String prefix() {
        return prefixes.isEmpty() ? "" : prefixes.peek();
    }

    @Override
    public void method(Set<HttpMethod> methods) {
        method = methods.iterator().next().name();
    }

    @Override
    public void path(String pattern) {
        path = pattern;
    }

    @Override
    public void resources(Function<ServerRequest, Mono<Resource>> lookup) {
        throw new IllegalStateException("the admin API serves no resource folders");
    }

    @Override
    public void attributes(Map<String, Object> attributes) {}

    @Override
    public void unknown(RouterFunction<?> routerFunction) {}

    @Override
    public void pathExtension(String extension) {}

    @Override
    public void header(String name, String value) {}

    @Override
    public void queryParam(String name, String value) {}

    @Override
    public void version(String version) {}

    @Override
    public void startAnd() {}

    @Override
    public void and() {}

    @Override
    public void endAnd() {}

    @Override
    public void startOr() {}

    @Override
    public void or() {}

    @Override
    public void endOr() {}

    @Override
    public void startNegate() {}

    @Override
    public void endNegate() {}

    @Override
    public void unknown(RequestPredicate predicate) {}
}
