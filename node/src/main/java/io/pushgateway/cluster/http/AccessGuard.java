package io.pushgateway.cluster.http;

import io.pushgateway.cluster.security.PasswordVerifier;
import io.pushgateway.cluster.security.Permission;
import io.pushgateway.cluster.security.WebConfig;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one layer in front of the route table that the web config adds: its response headers on
 * every answer, then basic authentication (401 with {@code WWW-Authenticate: Basic}) and, beyond
 * upstream, roles (403 for an authenticated user without the role of the request).
 */
final class AccessGuard implements Handler<HttpServerRequest> {
    private static final Logger LOG = LoggerFactory.getLogger(AccessGuard.class);

    private final Supplier<WebConfig> config;
    private final PasswordVerifier passwords;
    private final String routePrefix;
    private final Handler<HttpServerRequest> routes;

    AccessGuard(
            Supplier<WebConfig> config,
            PasswordVerifier passwords,
            String routePrefix,
            Handler<HttpServerRequest> routes) {
        this.config = config;
        this.passwords = passwords;
        this.routePrefix = routePrefix;
        this.routes = routes;
    }

    @Override
    public void handle(HttpServerRequest request) {
        WebConfig web = config.get();
        web.headers().forEach(request.response()::putHeader);
        if (!web.authenticates()) {
            routes.handle(request);
            return;
        }
        Permission permission = permission(request.path());
        if (!web.access().needsCredentials(permission)) {
            routes.handle(request);
            return;
        }
        String[] credentials = credentials(request.getHeader("Authorization"));
        if (credentials == null) {
            unauthorized(request);
            return;
        }
        String user = credentials[0];
        var verified = passwords.verify(web.users(), user, credentials[1]);
        if (verified.isComplete()) {
            decide(request, web, permission, user, verified.result());
            return;
        }
        // The body must wait for the handler that reads it, which runs only after bcrypt.
        request.pause();
        verified.onComplete(result -> {
            decide(request, web, permission, user, result.succeeded() && result.result());
            request.resume();
        });
    }

    private void decide(HttpServerRequest request, WebConfig web, Permission permission, String user, boolean valid) {
        if (!valid) {
            LOG.debug("wrong credentials for user {} from {}", user, request.remoteAddress());
            unauthorized(request);
        } else if (!web.access().allows(user, permission)) {
            Responses.error(request.response(), 403, "Forbidden");
        } else {
            routes.handle(request);
        }
    }

    /** What the request does, judged from its path after percent-decoding, as the route table sees it. */
    Permission permission(String rawPath) {
        String decoded = PercentDecoder.decode(rawPath);
        String path = decoded == null ? rawPath : decoded;
        if (!path.startsWith(routePrefix)) {
            return Permission.SCRAPE;
        }
        String rest = path.substring(routePrefix.length());
        if (rest.startsWith("/metrics/job/") || rest.startsWith("/metrics/job@base64/")) {
            return Permission.PUSH;
        }
        if (rest.startsWith("/api/v1/admin/") || rest.equals("/-/quit")) {
            return Permission.ADMIN;
        }
        if (rest.equals("/-/healthy") || rest.equals("/-/ready")) {
            return Permission.PROBE;
        }
        return Permission.SCRAPE;
    }

    /** User and password of a {@code Basic} Authorization header, or null without a usable one. */
    static String[] credentials(String header) {
        if (header == null || header.length() < 6 || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
        int colon = decoded.indexOf(':');
        return colon < 0 ? null : new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)};
    }

    private static void unauthorized(HttpServerRequest request) {
        request.response().putHeader("WWW-Authenticate", "Basic");
        Responses.error(request.response(), 401, "Unauthorized");
    }
}
