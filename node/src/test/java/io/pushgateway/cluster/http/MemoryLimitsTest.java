package io.pushgateway.cluster.http;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The store's series budget and the node's in-flight budget, as a client meets them. */
class MemoryLimitsTest {

    @Test
    void aFullStoreRefusesNewSeriesWith507AndStoresNothingWhileUpdatesAndDeletesPass() throws Exception {
        try (TestNode node = TestNode.start("--store.max-series=25")) {
            assertEquals(
                    200, node.send("PUT", "/metrics/job/a", series("m", 18)).statusCode());

            HttpResponse<String> full = node.send("PUT", "/metrics/job/b", series("m", 8));
            assertEquals(507, full.statusCode());
            assertEquals(
                    "store full: the push would add 10 series to the 20 stored, beyond the limit of 25 series "
                            + "(set by --store.max-series); delete groups to make room\n",
                    full.body());
            assertFalse(node.scrape().contains("job=\"b\""), "nothing stored, not even a failure time");

            assertEquals(
                    200, node.send("PUT", "/metrics/job/a", series("m", 18)).statusCode(), "an update passes");
            assertEquals(
                    200, node.send("POST", "/metrics/job/a", series("n", 5)).statusCode(), "up to the limit");
            assertEquals(
                    507, node.send("POST", "/metrics/job/a", series("o", 1)).statusCode());

            String metrics = node.send("GET", "/metrics/node", null).body();
            assertTrue(metrics.contains("\npushgateway_store_series 25"), metrics);
            assertTrue(metrics.contains("\npushgateway_store_series_limit 25"), metrics);
            assertTrue(metrics.contains("pushgateway_rejected_writes_total{reason=\"store_full\"} 2"), metrics);
            JsonObject store = new JsonObject(
                            node.send("GET", "/api/v1/status", null).body())
                    .getJsonObject("data")
                    .getJsonObject("store");
            assertEquals(25, store.getLong("series"));
            assertEquals(25, store.getLong("series_limit"));
            assertEquals("flag", store.getString("series_limit_source"));

            assertEquals(202, node.send("DELETE", "/metrics/job/a", null).statusCode(), "deletes always pass");
            assertEquals(200, node.send("PUT", "/metrics/job/b", series("m", 8)).statusCode(), "room again");
        }
    }

    @Test
    void beyondTheBytesInFlightAPushGets503WithRetryAfterUntilTheOthersFinish() throws Exception {
        try (TestNode node = TestNode.start(true, false, false, "", 1000, "--push.max-inflight-bytes=1000");
                Socket slow = new Socket("127.0.0.1", node.node.httpPort())) {
            // A push that declares 1000 bytes holds them from its first byte until it is stored.
            String head = "m 1\n";
            OutputStream out = slow.getOutputStream();
            out.write(("PUT /metrics/job/slow HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 1000\r\n\r\n" + head)
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            awaitInflight(node, 1000);
            HttpResponse<String> busy = node.send("PUT", "/metrics/job/quick", "q 1\n");
            assertEquals(503, busy.statusCode(), busy.body());
            assertEquals("1", busy.headers().firstValue("Retry-After").orElse(null));
            assertEquals(
                    "too many push bodies in flight on this node (limit 1000 bytes, see --push.max-inflight-bytes);"
                            + " retry later\n",
                    busy.body());

            out.write(("#" + "x".repeat(1000 - head.length() - 2) + "\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertTrue(readStatusLine(slow.getInputStream()).startsWith("HTTP/1.1 200"));
            assertEquals(
                    200, node.send("PUT", "/metrics/job/quick", "q 1\n").statusCode(), "the bytes were given back");
            String metrics = node.send("GET", "/metrics/node", null).body();
            assertTrue(metrics.contains("\npushgateway_push_inflight_bytes 0"), metrics);
            assertTrue(metrics.contains("\npushgateway_push_inflight_bytes_limit 1000"), metrics);
        }
    }

    @Test
    void aCompressedBodyThatDecodesToTheBodyLimitFitsTheInflightBudgetAlone() throws Exception {
        try (TestNode node = TestNode.start(true, false, false, "", 1000, "--push.max-inflight-bytes=1000")) {
            String text = "m 1\n#" + "x".repeat(1000 - 6) + "\n";
            java.io.ByteArrayOutputStream gzipped = new java.io.ByteArrayOutputStream();
            try (java.util.zip.GZIPOutputStream out = new java.util.zip.GZIPOutputStream(gzipped)) {
                out.write(text.getBytes(StandardCharsets.US_ASCII));
            }
            HttpResponse<String> response =
                    node.sendBytes("PUT", "/metrics/job/gzipped", gzipped.toByteArray(), "Content-Encoding", "gzip");
            assertEquals(200, response.statusCode(), response.body());
        }
    }

    /**
     * Waits until the node holds {@code bytes} in flight: a push sent before the slow one's head is
     * read would take the budget first, on another event loop, and the slow one would be refused.
     */
    private static void awaitInflight(TestNode node, long bytes) throws Exception {
        String expected = "\npushgateway_push_inflight_bytes " + bytes + "\n";
        await("the node holding " + bytes + " bytes in flight")
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(20))
                .untilAsserted(() -> {
                    String metrics = node.send("GET", "/metrics/node", null).body();
                    assertTrue(metrics.contains(expected), metrics);
                });
    }

    private static String readStatusLine(InputStream in) throws Exception {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c >= 0 && c != '\r'; c = in.read()) {
            line.append((char) c);
        }
        return line.toString();
    }

    private static String series(String name, int count) {
        StringBuilder text = new StringBuilder("# TYPE " + name + " gauge\n");
        for (int i = 0; i < count; i++) {
            text.append(name).append("{i=\"").append(i).append("\"} ").append(i).append('\n');
        }
        return text.toString();
    }
}
