package io.pushgateway.cluster.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The scrape in OpenMetrics when the scraper prefers it; text 0.0.4 otherwise. */
class OpenMetricsScrapeTest {
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static TestNode node;

    @BeforeAll
    static void start() throws Exception {
        node = TestNode.start("--web.enable-openmetrics");
        assertEquals(
                200,
                node.send(
                                "PUT",
                                "/metrics/job/om",
                                "# TYPE om_jobs_total counter\nom_jobs_total{kind=\"a\"} 3\n"
                                        + "# HELP om_plain A counter without _total.\n# TYPE om_plain counter\nom_plain 1\n"
                                        + "# TYPE om_lat histogram\nom_lat_bucket{le=\"1\"} 2\nom_lat_bucket{le=\"+Inf\"} 4\n"
                                        + "om_lat_sum 3.5\nom_lat_count 4\n")
                        .statusCode());
    }

    @AfterAll
    static void stop() throws Exception {
        node.close();
    }

    private static HttpResponse<byte[]> scrape(String accept, boolean gzip) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(node.base + "/metrics"));
        if (accept != null) {
            request.header("Accept", accept);
        }
        if (gzip) {
            request.header("Accept-Encoding", "gzip");
        }
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void prometheusDefaultAcceptGetsOpenMetrics() throws Exception {
        HttpResponse<byte[]> response = scrape(ScrapeFormatTest.PROMETHEUS_DEFAULT, false);
        assertEquals(200, response.statusCode());
        assertEquals(
                "application/openmetrics-text; version=1.0.0; charset=utf-8; escaping=underscores",
                response.headers().firstValue("Content-Type").orElseThrow());
        String body = new String(response.body(), StandardCharsets.UTF_8);
        assertTrue(body.endsWith("\n# EOF\n"), body);
        assertEquals(1, body.split("# EOF", -1).length - 1);
        assertTrue(
                body.contains("# TYPE om_jobs counter\nom_jobs_total{instance=\"\",job=\"om\",kind=\"a\"} 3.0\n"),
                body);
        assertTrue(
                body.contains("# HELP om_plain A counter without _total.\n# TYPE om_plain unknown\n"
                        + "om_plain{instance=\"\",job=\"om\"} 1.0\n"),
                body);
        assertTrue(
                body.contains("# TYPE om_lat histogram\n"
                        + "om_lat_bucket{instance=\"\",job=\"om\",le=\"1.0\"} 2\n"
                        + "om_lat_bucket{instance=\"\",job=\"om\",le=\"+Inf\"} 4\n"
                        + "om_lat_sum{instance=\"\",job=\"om\"} 3.5\nom_lat_count{instance=\"\",job=\"om\"} 4\n"),
                body);
        assertTrue(body.contains("# TYPE push_time_seconds gauge\n"), body);
        assertFalse(body.contains(" untyped\n"), body);
    }

    @Test
    void openMetricsZeroZeroOneAndGzip() throws Exception {
        HttpResponse<byte[]> response = scrape("application/openmetrics-text; version=0.0.1", true);
        assertEquals(
                "application/openmetrics-text; version=0.0.1; charset=utf-8; escaping=underscores",
                response.headers().firstValue("Content-Type").orElseThrow());
        assertEquals("gzip", response.headers().firstValue("Content-Encoding").orElseThrow());
        String body = new String(
                new GZIPInputStream(new ByteArrayInputStream(response.body())).readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(body.endsWith("# EOF\n"), body);
    }

    @Test
    void withoutAcceptTheTextFormatStays() throws Exception {
        for (String accept : new String[] {null, "*/*", "text/plain;version=0.0.4"}) {
            HttpResponse<byte[]> response = scrape(accept, false);
            assertEquals(
                    "text/plain; version=0.0.4; charset=utf-8; escaping=underscores",
                    response.headers().firstValue("Content-Type").orElseThrow(),
                    accept);
            String body = new String(response.body(), StandardCharsets.UTF_8);
            assertTrue(
                    body.contains(
                            "# TYPE om_jobs_total counter\nom_jobs_total{instance=\"\",job=\"om\",kind=\"a\"} 3\n"),
                    body);
            assertFalse(body.contains("# EOF"), body);
        }
    }

    @Test
    void withoutTheFlagPrometheusGetsText() throws Exception {
        try (TestNode textOnly = TestNode.start()) {
            HttpResponse<byte[]> response = CLIENT.send(
                    HttpRequest.newBuilder(URI.create(textOnly.base + "/metrics"))
                            .header("Accept", ScrapeFormatTest.PROMETHEUS_DEFAULT)
                            .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(
                    "text/plain; version=0.0.4; charset=utf-8; escaping=underscores",
                    response.headers().firstValue("Content-Type").orElseThrow());
            assertFalse(new String(response.body(), StandardCharsets.UTF_8).contains("# EOF"));
        }
    }

    @Test
    void theNodeTelemetryPathNegotiatesToo() throws Exception {
        HttpResponse<byte[]> response = CLIENT.send(
                HttpRequest.newBuilder(URI.create(node.base + "/metrics/node"))
                        .header("Accept", ScrapeFormatTest.PROMETHEUS_DEFAULT)
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        String body = new String(response.body(), StandardCharsets.UTF_8);
        assertTrue(body.endsWith("# EOF\n"), body);
        assertTrue(body.contains("# TYPE process_cpu_seconds counter\nprocess_cpu_seconds_total "), body);
    }
}
