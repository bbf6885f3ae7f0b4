package io.pushgateway.cluster.http;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The web UI: one page ({@code /} and {@code /status}) and its assets under {@code /static/}, files
 * in the jar served by vertx-web's {@link StaticHandler} (conditional requests, ranges; file
 * access on the worker pool, never on the event loop). The page links everything relatively, so it
 * works under any route prefix and behind a proxy that serves it under another path. Browsers
 * revalidate every time ({@code no-cache}) and get a 304 while the ETag still matches. The ETag is
 * a hash of the content, not the file's time, so that every node of a cluster (and every version
 * during a rolling upgrade) agrees on it: a browser switched to another node keeps its copy only if
 * it is the same file.
 */
final class UiHandler {
    private static final String WEB_ROOT = "ui";
    private static final String PAGE = "index.html";
    /** Content types as the Go Pushgateway's file server writes them. */
    private static final Map<String, String> TYPES = Map.of(
            PAGE,
            "text/html; charset=utf-8",
            "app.js",
            "text/javascript; charset=utf-8",
            "style.css",
            "text/css; charset=utf-8",
            "favicon.svg",
            "image/svg+xml");

    private final Map<String, String> etags = new HashMap<>();
    private final String staticRoot;
    private final Router router;

    UiHandler(Vertx vertx, String routePrefix) {
        TYPES.keySet().forEach(name -> etags.put(name, "\"" + hash(read(name)) + "\""));
        staticRoot = routePrefix + "/static/";
        router = Router.router(vertx);
        router.get(staticRoot + "*")
                .handler(this::describe)
                .handler(StaticHandler.create(WEB_ROOT)
                        .setCachingEnabled(true)
                        .setAlwaysAsyncFS(true)
                        .setDirectoryListing(false)
                        .setSendVaryHeader(false));
        router.get(routePrefix + "/").handler(context -> context.reroute(staticRoot + PAGE));
        router.get(routePrefix + "/status").handler(context -> context.reroute(staticRoot + PAGE));
    }

    /** Names of the files served under {@code static/}; the page is not one of them. */
    Set<String> assetNames() {
        Set<String> names = new TreeSet<>(TYPES.keySet());
        names.remove(PAGE);
        return names;
    }

    /** Answers a request the route table gave to the UI: the page, or one of {@link #assetNames()}. */
    void handle(HttpServerRequest request) {
        router.handle(request);
    }

    /** The headers StaticHandler does not write our way; the ETag must be there before it decides on a 304. */
    private void describe(RoutingContext context) {
        String name = context.normalizedPath().substring(staticRoot.length());
        String etag = etags.get(name);
        HttpServerResponse response = context.response();
        if (etag == null) {
            Responses.error(response, 404, "404 page not found");
            return;
        }
        response.putHeader("Cache-Control", "no-cache")
                .putHeader("ETag", etag)
                .putHeader("X-Content-Type-Options", "nosniff");
        context.addHeadersEndHandler(v -> {
            if (response.getStatusCode() == 200) {
                response.putHeader("Content-Type", TYPES.get(name));
            }
        });
        context.next();
    }

    private static byte[] read(String name) {
        String resource = "/" + WEB_ROOT + "/" + name;
        try (InputStream in = UiHandler.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("UI file missing from the jar: " + resource);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String hash(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes), 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
