package io.pushgateway.cluster.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The web UI: one page ({@code /} and {@code /status}) and its assets under {@code /static/}, read
 * from the jar once at start. The page links everything relatively, so it works under any route
 * prefix and behind a proxy that serves it under another path. Browsers revalidate every time
 * ({@code no-cache}) and get a 304 while the ETag still matches, so a new version is never hidden
 * by a cache and an unchanged one costs no transfer.
 */
final class UiHandler {
    private static final String RESOURCE_DIR = "/ui/";
    private static final String PAGE = "index.html";
    private static final Map<String, String> ASSET_TYPES = Map.of(
            "app.js", "text/javascript; charset=utf-8",
            "style.css", "text/css; charset=utf-8",
            "favicon.svg", "image/svg+xml");

    private record Asset(Buffer body, String contentType, String etag) {}

    private final Asset page;
    private final Map<String, Asset> assets = new LinkedHashMap<>();

    UiHandler() {
        page = load(PAGE, "text/html; charset=utf-8");
        ASSET_TYPES.forEach((name, type) -> assets.put(name, load(name, type)));
    }

    /** Names of the files served under {@code static/}. */
    Set<String> assetNames() {
        return assets.keySet();
    }

    void page(HttpServerRequest request) {
        serve(request, page);
    }

    void asset(HttpServerRequest request, String name) {
        serve(request, assets.get(name));
    }

    private static void serve(HttpServerRequest request, Asset asset) {
        request.response()
                .putHeader("Cache-Control", "no-cache")
                .putHeader("ETag", asset.etag())
                .putHeader("X-Content-Type-Options", "nosniff");
        if (asset.etag().equals(request.getHeader("If-None-Match"))) {
            request.response().setStatusCode(304).end();
            return;
        }
        request.response().putHeader("Content-Type", asset.contentType()).end(asset.body());
    }

    private static Asset load(String name, String contentType) {
        try (InputStream in = UiHandler.class.getResourceAsStream(RESOURCE_DIR + name)) {
            if (in == null) {
                throw new IllegalStateException("UI file missing from the jar: " + RESOURCE_DIR + name);
            }
            byte[] bytes = in.readAllBytes();
            return new Asset(Buffer.buffer(bytes), contentType, "\"" + hash(bytes) + "\"");
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
