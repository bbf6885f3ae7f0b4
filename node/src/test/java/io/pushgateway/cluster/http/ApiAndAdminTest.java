package io.pushgateway.cluster.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** JSON API, admin and lifecycle endpoints, route prefix, unchecked mode: each on a node started for it. */
class ApiAndAdminTest {
    @Test
    void metricsApiShowsGroupsAsUpstream() throws Exception {
        try (TestNode node = TestNode.start()) {
            HttpResponse<String> empty = node.send("GET", "/api/v1/metrics", null);
            assertEquals(200, empty.statusCode());
            assertEquals("{\"status\":\"success\",\"data\":[]}", empty.body());
            assertEquals(
                    "*",
                    empty.headers().firstValue("Access-Control-Allow-Origin").orElseThrow());
            assertEquals(
                    "application/json",
                    empty.headers().firstValue("Content-Type").orElseThrow());

            assertEquals(
                    200,
                    node.send(
                                    "PUT",
                                    "/metrics/job/api/instance/i1",
                                    "# HELP g a gauge\n# TYPE g gauge\ng{x=\"1\"} 1e6\n# TYPE s summary\ns{quantile=\"0.5\"} 2\ns_sum 3\ns_count 4\n")
                            .statusCode());
            JsonArray data =
                    new JsonObject(node.send("GET", "/api/v1/metrics", null).body()).getJsonArray("data");
            assertEquals(1, data.size());
            JsonObject group = data.getJsonObject(0);
            assertEquals(new JsonObject().put("instance", "i1").put("job", "api"), group.getJsonObject("labels"));
            assertEquals(true, group.getBoolean("last_push_successful"));
            JsonObject gauge = group.getJsonObject("g");
            assertEquals("GAUGE", gauge.getString("type"));
            assertEquals("a gauge", gauge.getString("help"));
            JsonObject series = gauge.getJsonArray("metrics").getJsonObject(0);
            assertEquals("1e+06", series.getString("value"));
            assertEquals(
                    new JsonObject().put("instance", "i1").put("job", "api").put("x", "1"),
                    series.getJsonObject("labels"));
            JsonObject summary =
                    group.getJsonObject("s").getJsonArray("metrics").getJsonObject(0);
            assertEquals("4", summary.getString("count"));
            assertEquals("3", summary.getString("sum"));
            assertEquals(new JsonObject().put("0.5", "2"), summary.getJsonObject("quantiles"));
            assertFalse(group.getJsonObject("s").containsKey("help"), "no help key without help");
            assertEquals(
                    "0",
                    group.getJsonObject("push_failure_time_seconds")
                            .getJsonArray("metrics")
                            .getJsonObject(0)
                            .getString("value"));
            assertTrue(group.getJsonObject("push_time_seconds")
                    .getString("time_stamp")
                    .matches("\\d{4}-\\d\\d-\\d\\dT.*Z"));
        }
    }

    @Test
    void statusApiListsFlagsAndStartTime() throws Exception {
        try (TestNode node = TestNode.start()) {
            HttpResponse<String> response = node.send("GET", "/api/v1/status", null);
            assertEquals(200, response.statusCode());
            JsonObject data = new JsonObject(response.body()).getJsonObject("data");
            assertEquals("127.0.0.1:0", data.getJsonObject("flags").getString("web.listen-address"));
            assertTrue(data.getJsonObject("build_information").containsKey("version"));
            assertTrue(data.getString("start_time").endsWith("Z"));
            HttpResponse<String> options = node.send("OPTIONS", "/api/v1/anything", null);
            assertEquals(200, options.statusCode());
            assertEquals(
                    "GET, POST, DELETE, OPTIONS",
                    options.headers().firstValue("Access-Control-Allow-Methods").orElseThrow());
        }
    }

    @Test
    void wipeDeletesEveryGroupWhenEnabled() throws Exception {
        try (TestNode node = TestNode.start(true, true, false, "", 1 << 20)) {
            for (int i = 0; i < 5; i++) {
                assertEquals(
                        200, node.send("PUT", "/metrics/job/w" + i, "w 1\n").statusCode());
            }
            HttpResponse<String> wipe = node.send("PUT", "/api/v1/admin/wipe", null);
            assertEquals(202, wipe.statusCode());
            assertEquals("", wipe.body());
            assertEquals(
                    "{\"status\":\"success\",\"data\":[]}",
                    node.send("GET", "/api/v1/metrics", null).body());
            assertFalse(node.scrape().contains("job=\"w"));
            assertEquals(
                    "OPTIONS, PUT",
                    node.send("GET", "/api/v1/admin/wipe", null)
                            .headers()
                            .firstValue("Allow")
                            .orElseThrow());
        }
    }

    @Test
    void quitStopsTheNodeWhenEnabled() throws Exception {
        TestNode node = TestNode.start(true, false, true, "", 1 << 20);
        HttpResponse<String> response = node.send("POST", "/-/quit", null);
        assertEquals(200, response.statusCode());
        assertEquals("Requesting termination... Goodbye!", response.body());
        node.node.terminated().get(60, java.util.concurrent.TimeUnit.SECONDS);
    }

    @Test
    void everyRouteMovesUnderThePrefix() throws Exception {
        try (TestNode node = TestNode.start(true, false, false, "/pg", 1 << 20)) {
            assertEquals(200, node.send("PUT", "/metrics/job/pj", "p 1\n").statusCode());
            assertEquals(200, node.send("GET", "/-/healthy", null).statusCode());
            assertEquals(200, node.send("GET", "/api/v1/status", null).statusCode());
            assertTrue(node.scrape().contains("p{instance=\"\",job=\"pj\"} 1\n"));
            String root = node.base.substring(0, node.base.length() - "/pg".length());
            java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
            for (String path : new String[] {"/metrics", "/-/healthy", "/api/v1/status"}) {
                var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(root + path))
                        .build();
                assertEquals(
                        404,
                        client.send(request, HttpResponse.BodyHandlers.ofString())
                                .statusCode(),
                        path);
            }
        }
    }

    @Test
    void uncheckedPushesAnswer202AndStillRefuseTimestamps() throws Exception {
        try (TestNode node = TestNode.start(false, false, false, "", 1 << 20)) {
            assertEquals(202, node.send("PUT", "/metrics/job/u1", "a 1\n").statusCode());
            assertEquals(202, node.send("PUT", "/metrics/job/u2", "a 1 1000\n").statusCode());
            // Inconsistent data is stored, and the scrape still answers: one type wins everywhere.
            assertEquals(
                    202,
                    node.send("PUT", "/metrics/job/u5", "# TYPE a counter\na 1\n")
                            .statusCode());
            String scrape = node.scrape();
            assertTrue(scrape.contains("a{instance=\"\",job=\"u1\"} 1\n"), scrape);
            assertFalse(scrape.contains("job=\"u5\"} 1\n# "), scrape);
            assertTrue(PushApiTest.failureTime(scrape, "instance=\"\",job=\"u2\"") > 1e9);
            assertEquals(0.0, PushApiTest.pushTime(scrape, "instance=\"\",job=\"u2\""));
            // The scrape said what it left out (the gauge is read before the families render).
            assertTrue(node.scrape().contains("\npushgateway_scrape_conflicting_series 1\n"));
        }
    }

    @Test
    void healthAndReadiness() throws Exception {
        try (TestNode node = TestNode.start()) {
            HttpResponse<String> healthy = node.send("GET", "/-/healthy", null);
            assertEquals(200, healthy.statusCode());
            assertEquals("OK", healthy.body());
            assertEquals("OK", node.send("GET", "/-/ready", null).body());
        }
    }
}
