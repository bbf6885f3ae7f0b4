package io.pushgateway.cluster.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prometheus.metrics.expositionformats.generated.Metrics;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ProtobufAndScrapeTest {
    private static final String PROTOBUF =
            "application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited";
    private static TestNode node;

    @BeforeAll
    static void start() throws Exception {
        node = TestNode.start();
    }

    @AfterAll
    static void stop() throws Exception {
        node.close();
    }

    @Test
    void protobufPushIsStoredAndScrapedAsText() throws Exception {
        byte[] body = delimited(
                Metrics.MetricFamily.newBuilder()
                        .setName("pb_a")
                        .setHelp("pb help")
                        .setType(Metrics.MetricType.GAUGE)
                        .addMetric(Metrics.Metric.newBuilder()
                                .setGauge(Metrics.Gauge.newBuilder().setValue(1.5)))
                        .build(),
                Metrics.MetricFamily.newBuilder()
                        .setName("pb_b")
                        .setType(Metrics.MetricType.COUNTER)
                        .addMetric(Metrics.Metric.newBuilder()
                                .addLabel(Metrics.LabelPair.newBuilder()
                                        .setName("x")
                                        .setValue("y"))
                                .setCounter(Metrics.Counter.newBuilder().setValue(7)))
                        .build());
        assertEquals(
                200,
                node.sendBytes("PUT", "/metrics/job/pb1", body, "Content-Type", PROTOBUF)
                        .statusCode());
        String scrape = node.scrape();
        assertTrue(
                scrape.contains("# HELP pb_a pb help\n# TYPE pb_a gauge\npb_a{instance=\"\",job=\"pb1\"} 1.5\n"),
                scrape);
        assertTrue(scrape.contains("# TYPE pb_b counter\npb_b{instance=\"\",job=\"pb1\",x=\"y\"} 7\n"), scrape);
    }

    @Test
    void repeatedProtobufFamilyKeepsTheLast() throws Exception {
        byte[] body = delimited(gauge("pb_d", 1), gauge("pb_d", 2));
        assertEquals(
                200,
                node.sendBytes("PUT", "/metrics/job/pb2", body, "Content-Type", PROTOBUF)
                        .statusCode());
        assertTrue(node.scrape().contains("pb_d{instance=\"\",job=\"pb2\"} 2\n"));
    }

    @Test
    void protobufErrors() throws Exception {
        byte[] whole = delimited(gauge("pb_t", 1));
        byte[] truncated = java.util.Arrays.copyOf(whole, whole.length - 2);
        HttpResponse<String> response = node.sendBytes("PUT", "/metrics/job/pb3", truncated, "Content-Type", PROTOBUF);
        assertEquals(400, response.statusCode());
        assertEquals("unexpected EOF\n", response.body());
        Metrics.MetricFamily badLabel = Metrics.MetricFamily.newBuilder()
                .setName("pb_l")
                .setType(Metrics.MetricType.GAUGE)
                .addMetric(Metrics.Metric.newBuilder()
                        .addLabel(Metrics.LabelPair.newBuilder().setName("a.b").setValue("v"))
                        .setGauge(Metrics.Gauge.newBuilder().setValue(1)))
                .build();
        response = node.sendBytes("PUT", "/metrics/job/pb4", delimited(badLabel), "Content-Type", PROTOBUF);
        assertEquals(400, response.statusCode());
        assertTrue(response.body().endsWith("has a label with an invalid name: a.b\n"), response.body());
        Metrics.MetricFamily withTimestamp = gauge("pb_ts", 1).toBuilder()
                .setMetric(0, gauge("pb_ts", 1).getMetric(0).toBuilder().setTimestampMs(5))
                .build();
        response = node.sendBytes("PUT", "/metrics/job/pb5", delimited(withTimestamp), "Content-Type", PROTOBUF);
        assertEquals(400, response.statusCode());
        // Protobuf bytes without the delimited parameters are read as text, as upstream does.
        response = node.sendBytes("PUT", "/metrics/job/pb6", whole, "Content-Type", "application/vnd.google.protobuf");
        assertEquals(400, response.statusCode());
        assertTrue(response.body().startsWith("text format parsing error in line 1:"), response.body());
    }

    @Test
    void protobufScrapeCarriesTheSameSeries() throws Exception {
        assertEquals(
                200,
                node.send("PUT", "/metrics/job/pbs", "# TYPE pbs_g gauge\npbs_g{a=\"1\"} 3\n")
                        .statusCode());
        HttpResponse<byte[]> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(node.base + "/metrics"))
                                .header("Accept", PROTOBUF)
                                .build(),
                        HttpResponse.BodyHandlers.ofByteArray());
        // The negotiated name escaping is named, as upstream 1.11 does; underscores unless asked otherwise.
        assertEquals(
                PROTOBUF + "; escaping=underscores",
                response.headers().firstValue("Content-Type").orElseThrow());
        List<Metrics.MetricFamily> families = new ArrayList<>();
        ByteArrayInputStream in = new ByteArrayInputStream(response.body());
        Metrics.MetricFamily family;
        while ((family = Metrics.MetricFamily.parseDelimitedFrom(in)) != null) {
            families.add(family);
        }
        Metrics.MetricFamily pbs = families.stream()
                .filter(f -> f.getName().equals("pbs_g"))
                .findFirst()
                .orElseThrow();
        assertEquals(3.0, pbs.getMetric(0).getGauge().getValue());
        assertTrue(families.stream().anyMatch(f -> f.getName().equals("pushgateway_build_info")));
    }

    @Test
    void scrapeIsGzippedWhenAccepted() throws Exception {
        assertEquals(200, node.send("PUT", "/metrics/job/gzs", "gzs 1\n").statusCode());
        HttpResponse<byte[]> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(node.base + "/metrics"))
                                .header("Accept-Encoding", "gzip")
                                .build(),
                        HttpResponse.BodyHandlers.ofByteArray());
        assertEquals("gzip", response.headers().firstValue("Content-Encoding").orElseThrow());
        String text = new String(new GZIPInputStream(new ByteArrayInputStream(response.body())).readAllBytes());
        assertTrue(text.contains("gzs{instance=\"\",job=\"gzs\"} 1\n"));
        assertEquals(
                ScrapeFormat.TEXT.contentType() + "; escaping=underscores",
                response.headers().firstValue("Content-Type").orElseThrow());
    }

    @Test
    void ownMetricsAreInTheScrape() throws Exception {
        assertEquals(200, node.send("PUT", "/metrics/job/counted", "c 1\n").statusCode());
        String scrape = node.scrape();
        assertTrue(scrape.contains("# TYPE pushgateway_build_info gauge\n"), scrape);
        assertTrue(scrape.contains("# TYPE process_cpu_seconds_total counter\n"), scrape);
        assertTrue(
                scrape.contains("pushgateway_http_requests_total{code=\"200\",handler=\"push\",method=\"put\"}"),
                "pushes are counted");
    }

    private static Metrics.MetricFamily gauge(String name, double value) {
        return Metrics.MetricFamily.newBuilder()
                .setName(name)
                .setType(Metrics.MetricType.GAUGE)
                .addMetric(Metrics.Metric.newBuilder()
                        .setGauge(Metrics.Gauge.newBuilder().setValue(value)))
                .build();
    }

    private static byte[] delimited(Metrics.MetricFamily... families) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Metrics.MetricFamily family : families) {
            family.writeDelimitedTo(out);
        }
        return out.toByteArray();
    }
}
