package io.pushgateway.cluster.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The web UI's page and assets: served from the jar, typed, revalidated, and under the route prefix. */
class UiTest {
    private static final Map<String, String> ASSET_TYPES = Map.of(
            "/static/app.js", "text/javascript; charset=utf-8",
            "/static/style.css", "text/css; charset=utf-8",
            "/static/favicon.svg", "image/svg+xml");

    @Test
    void pageAndAssetsAreServedWithTheirTypes() throws Exception {
        try (TestNode node = TestNode.start()) {
            for (String path : new String[] {"/", "/status"}) {
                HttpResponse<String> page = node.send("GET", path, null);
                assertEquals(200, page.statusCode(), path);
                assertEquals("text/html; charset=utf-8", header(page, "Content-Type"));
                assertTrue(
                        page.body().contains("<script src=\"static/app.js\""), "relative asset links: " + page.body());
                assertFalse(page.body().contains("\"/static"), "no absolute links, or a prefix or proxy breaks them");
            }
            ASSET_TYPES.forEach((path, type) -> {
                HttpResponse<String> asset = send(node, "GET", path);
                assertEquals(200, asset.statusCode(), path);
                assertEquals(type, header(asset, "Content-Type"), path);
                assertEquals("nosniff", header(asset, "X-Content-Type-Options"), path);
                assertFalse(asset.body().isEmpty(), path);
            });
            assertTrue(node.send("GET", "/static/app.js", null).body().contains("api/v1/metrics"));
            assertEquals(404, node.send("GET", "/static/missing.js", null).statusCode());
            assertEquals(404, node.send("GET", "/static/", null).statusCode());
            assertEquals(405, node.send("POST", "/static/app.js", "x").statusCode());
        }
    }

    @Test
    void browsersRevalidateAndGetNotModifiedWhileUnchanged() throws Exception {
        try (TestNode node = TestNode.start()) {
            for (String path : new String[] {"/", "/static/app.js", "/static/style.css"}) {
                HttpResponse<String> first = node.send("GET", path, null);
                assertEquals("no-cache", header(first, "Cache-Control"), path);
                String etag = header(first, "ETag");
                assertTrue(etag.matches("\"[0-9a-f]+\""), etag);
                HttpResponse<String> again = node.send("GET", path, null, "If-None-Match", etag);
                assertEquals(304, again.statusCode(), path);
                assertEquals("", again.body());
                assertEquals(
                        200,
                        node.send("GET", path, null, "If-None-Match", "\"other\"")
                                .statusCode(),
                        path);
            }
        }
    }

    @Test
    void notModifiedCarriesTheValidatorsButNoBody() throws Exception {
        try (TestNode node = TestNode.start()) {
            for (String path : new String[] {"/status", "/static/favicon.svg"}) {
                String etag = header(node.send("GET", path, null), "ETag");
                HttpResponse<String> again = node.send("GET", path, null, "If-None-Match", etag);
                assertEquals(304, again.statusCode(), path);
                assertEquals(etag, header(again, "ETag"), path);
                assertEquals("no-cache", header(again, "Cache-Control"), path);
                assertTrue(again.headers().firstValue("Content-Type").isEmpty(), path);
                assertEquals("", again.body(), path);
            }
        }
    }

    @Test
    void everyNodeGivesTheSameFileTheSameEtag() throws Exception {
        // A browser behind a load balancer revalidates against whichever node it reaches next.
        try (TestNode first = TestNode.start();
                TestNode second = TestNode.start()) {
            for (String path : new String[] {"/", "/static/app.js"}) {
                String etag = header(first.send("GET", path, null), "ETag");
                assertEquals(etag, header(second.send("GET", path, null), "ETag"), path);
                assertEquals(
                        304,
                        second.send("GET", path, null, "If-None-Match", etag).statusCode(),
                        path);
            }
        }
    }

    @Test
    void uiMovesUnderTheRoutePrefix() throws Exception {
        try (TestNode node = TestNode.start(true, false, false, "/pg", 1 << 20)) {
            String root = node.base.substring(0, node.base.length() - "/pg".length());
            assertEquals(200, node.send("GET", "/", null).statusCode());
            assertEquals(200, node.send("GET", "/static/app.js", null).statusCode());
            assertEquals(200, node.send("GET", "/static/style.css", null).statusCode());
            assertEquals(404, get(root + "/").statusCode());
            assertEquals(404, get(root + "/static/app.js").statusCode());
            HttpResponse<String> bare = get(root + "/pg");
            assertEquals(301, bare.statusCode());
            assertEquals("/pg/", header(bare, "Location"), "the page's relative links need the trailing slash");
        }
    }

    private static HttpResponse<String> send(TestNode node, String method, String path) {
        try {
            return node.send(method, path, null);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static HttpResponse<String> get(String uri) throws Exception {
        return HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(URI.create(uri)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String header(HttpResponse<String> response, String name) {
        return response.headers().firstValue(name).orElseThrow(() -> new AssertionError("no " + name + " header"));
    }
}
