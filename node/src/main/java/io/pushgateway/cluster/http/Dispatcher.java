package io.pushgateway.cluster.http;

import io.pushgateway.cluster.model.GroupKey;
import io.pushgateway.cluster.model.GroupKeyPath;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The route table. Paths are matched after percent-decoding, as the Pushgateway's router does, so
 * an encoded slash splits a grouping-key segment. A known path with an unknown method answers 405
 * with Allow, OPTIONS answers with Allow, anything else 404.
 */
final class Dispatcher implements Handler<HttpServerRequest> {
    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);
    private static final String JOB = "/metrics/job/";
    private static final String JOB_BASE64 = "/metrics/job@base64/";

    private final ServerOptions config;
    private final NodeMetrics metrics;
    private final Map<String, Route> routes = new LinkedHashMap<>();
    private final PushHandler push;
    private final DeleteHandler delete;
    private final ImportHandler importer;
    private final BodyReader bodies;
    private final Route apiOptions;

    Dispatcher(
            ServerOptions config,
            NodeMetrics metrics,
            BodyReader bodies,
            PushHandler push,
            DeleteHandler delete,
            ScrapeHandler scrape,
            ApiHandler api,
            LifecycleHandler lifecycle,
            AdminHandler admin,
            ImportHandler importer,
            UiHandler ui) {
        this.bodies = bodies;
        this.importer = importer;
        this.config = config;
        this.metrics = metrics;
        this.push = push;
        this.delete = delete;
        this.apiOptions = new Route("api/v1/options", Map.of(HttpMethod.OPTIONS, api::options));
        String p = config.routePrefix();
        add(config.telemetryPath(), null, HttpMethod.GET, scrape::handle);
        add(config.nodeTelemetryPath(), null, HttpMethod.GET, scrape::handleNodeOnly);
        add(p + "/api/v1/status", "api/v1/status", HttpMethod.GET, api::status);
        add(p + "/api/v1/metrics", "api/v1/metrics", HttpMethod.GET, api::metrics);
        if (config.enableAdminApi()) {
            add(p + "/api/v1/admin/wipe", "wipe", HttpMethod.PUT, admin::wipe);
        }
        add(p + "/-/healthy", "healthy", HttpMethod.GET, lifecycle::healthy);
        add(p + "/-/ready", "ready", HttpMethod.GET, lifecycle::ready);
        add(p + "/-/quit", null, HttpMethod.PUT, lifecycle::quit);
        add(p + "/-/quit", null, HttpMethod.POST, lifecycle::quit);
        add(p + "/-/quit", null, HttpMethod.GET, lifecycle::quitWithWrongMethod);
        add(p + "/", "status", HttpMethod.GET, ui::handle);
        add(p + "/status", "status", HttpMethod.GET, ui::handle);
        for (String asset : ui.assetNames()) {
            add(p + "/static/" + asset, "static", HttpMethod.GET, ui::handle);
        }
    }

    private void add(String path, String handlerName, HttpMethod method, Consumer<HttpServerRequest> handler) {
        routes.computeIfAbsent(path, k -> new Route(handlerName, new LinkedHashMap<>()))
                .methods()
                .put(method, handler);
    }

    @Override
    public void handle(HttpServerRequest request) {
        String path = PercentDecoder.decode(request.path());
        if (path == null) {
            request.response().putHeader("Connection", "close");
            Responses.plain(request.response(), 400, "400 Bad Request");
            return;
        }
        String prefix = config.routePrefix();
        if (!prefix.isEmpty() && path.equals(prefix) && request.method() == HttpMethod.GET) {
            request.response()
                    .setStatusCode(301)
                    .putHeader("Location", prefix + "/")
                    .end();
            return;
        }
        String importRoot = prefix + ImportHandler.PATH;
        if (config.enableAdminApi()
                && (path.startsWith(importRoot + "/job/") || path.startsWith(importRoot + "/job@base64/"))) {
            dispatchImport(request, "/metrics" + path.substring(importRoot.length()));
            return;
        }
        if (path.startsWith(prefix + JOB) || path.startsWith(prefix + JOB_BASE64)) {
            dispatchGroup(request, path.substring(prefix.length()));
            return;
        }
        boolean api = path.startsWith(prefix + "/api/v1/");
        Route route = api && request.method() == HttpMethod.OPTIONS ? apiOptions : routes.get(path);
        if (route == null) {
            Responses.error(request.response(), 404, "404 page not found");
            return;
        }
        Consumer<HttpServerRequest> handler = route.methods().get(request.method());
        if (handler == null) {
            answerOtherMethod(request, route);
            return;
        }
        count(request, route.handlerName());
        if (!api && isGzip(request.getHeader("Content-Encoding"))) {
            // Upstream decompresses the body of every request outside the API, even a GET: a gzip
            // header with a body that is not gzip is a 400 there, whatever the endpoint.
            bodies.read(request)
                    .onSuccess(body -> run(handler, request))
                    .onFailure(error -> Failures.answer(request, error, LOG, metrics));
            return;
        }
        run(handler, request);
    }

    private static boolean isGzip(String contentEncoding) {
        return contentEncoding != null && contentEncoding.trim().equalsIgnoreCase("gzip");
    }

    private static void run(Consumer<HttpServerRequest> handler, HttpServerRequest request) {
        try {
            handler.accept(request);
        } catch (RuntimeException e) {
            // A bug must cost one answer, not leave the client waiting for one.
            LOG.error("{} {} failed", request.method(), request.path(), e);
            Responses.error(
                    request.response(), 500, "An error has occurred while serving " + request.path() + ": " + e);
        }
    }

    private void dispatchGroup(HttpServerRequest request, String path) {
        if (jobSegment(path).isEmpty()) {
            Responses.error(request.response(), 404, "404 page not found");
            return;
        }
        HttpMethod method = request.method();
        boolean isPush = method == HttpMethod.PUT || method == HttpMethod.POST;
        if (!isPush && method != HttpMethod.DELETE) {
            answerOtherMethod(
                    request,
                    new Route(
                            null,
                            Map.of(HttpMethod.PUT, r -> {}, HttpMethod.POST, r -> {}, HttpMethod.DELETE, r -> {})));
            return;
        }
        count(request, isPush ? "push" : "delete");
        GroupKey key = groupKey(request, path);
        if (key == null) {
            return;
        }
        if (isPush) {
            push.handle(request, key, method == HttpMethod.PUT);
        } else {
            delete.handle(request, key);
        }
    }

    /** An import's grouping key follows the push URL's rules; {@code path} is given as {@code /metrics/job...}. */
    private void dispatchImport(HttpServerRequest request, String path) {
        if (jobSegment(path).isEmpty()) {
            Responses.error(request.response(), 404, "404 page not found");
            return;
        }
        if (request.method() != HttpMethod.PUT) {
            answerOtherMethod(request, new Route(null, Map.of(HttpMethod.PUT, r -> {})));
            return;
        }
        count(request, "import");
        GroupKey key = groupKey(request, path);
        if (key != null) {
            importer.handle(request, key);
        }
    }

    private static String jobSegment(String path) {
        String rest = path.substring(path.startsWith(JOB_BASE64) ? JOB_BASE64.length() : JOB.length());
        int slash = rest.indexOf('/');
        return slash < 0 ? rest : rest.substring(0, slash);
    }

    /** The grouping key of a {@code /metrics/job...} path, or null after answering 400. */
    private GroupKey groupKey(HttpServerRequest request, String path) {
        boolean base64 = path.startsWith(JOB_BASE64);
        String rest = path.substring(base64 ? JOB_BASE64.length() : JOB.length());
        String job = jobSegment(path);
        try {
            return GroupKeyPath.parse(job, base64, rest.substring(job.length()), config.names());
        } catch (GroupKeyPath.NotUtf8Exception e) {
            if (request.method() == HttpMethod.DELETE) {
                // No group can have such a key, as upstream answers: nothing to delete.
                delete.handleUnstorableKey(request);
            } else {
                metrics.countRejected("url");
                Responses.error(request.response(), 400, PushHandler.REJECTED + e.getMessage());
            }
            return null;
        } catch (GroupKeyPath.InvalidGroupKeyException e) {
            metrics.countRejected("url");
            Responses.error(request.response(), 400, e.getMessage());
            return null;
        }
    }

    private static void answerOtherMethod(HttpServerRequest request, Route route) {
        request.response().putHeader("Allow", route.allow());
        if (request.method() == HttpMethod.OPTIONS) {
            request.response().setStatusCode(200).end();
        } else {
            Responses.error(request.response(), 405, "Method Not Allowed");
        }
    }

    private void count(HttpServerRequest request, String handlerName) {
        if (handlerName != null) {
            request.response()
                    .endHandler(v -> metrics.countRequest(
                            request.response().getStatusCode(),
                            handlerName,
                            request.method().name()));
        }
    }
}
