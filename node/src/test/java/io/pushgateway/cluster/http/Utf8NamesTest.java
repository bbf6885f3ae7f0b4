package io.pushgateway.cluster.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prometheus.metrics.expositionformats.generated.Metrics;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * UTF-8 metric and label names over HTTP: refused as upstream refuses them without
 * {@code --push.enable-utf8-names}; with it, accepted in the URL ({@code U__}), in text and protobuf
 * bodies, stored as pushed, and scraped with each escaping scheme the scraper asks for. The pushes
 * are those of upstream's TestPushUTF8 and TestDeleteUTF8 (COMPATIBILITY.md §7).
 */
class Utf8NamesTest {
    private static final String PROTOBUF =
            "application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited";
    private static final String TEXT = "text/plain; version=0.0.4; charset=utf-8";
    /** Upstream's TestPushUTF8 body. */
    private static final String UTF8_BODY = "some_metric 3.14\n{\"another.metric\",instance=\"testinstance\","
            + "job=\"testjob\",\"dotted.label.name\"=\"mylabelvalue\"} 42\n";

    private static final String UTF8_PATH =
            "/metrics/job/testjob/instance/testinstance/U__dotted_2e_label_2e_name/mylabelvalue";

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class WithoutTheFlag {
        private TestNode node;

        @BeforeAll
        void start() throws Exception {
            node = TestNode.start();
        }

        @AfterAll
        void stop() throws Exception {
            node.close();
        }

        @Test
        void quotedNamesInTextAreRefusedAsByTheClassicParser() throws Exception {
            assertError(
                    node.send("PUT", "/metrics/job/off1", "{\"a.b\"} 1\n"),
                    400,
                    "text format parsing error in line 1: invalid metric name");
            assertError(
                    node.send("PUT", "/metrics/job/off1", "a{\"b.c\"=\"x\"} 1\n"),
                    400,
                    "text format parsing error in line 1: invalid label name for metric \"a\"");
            assertError(
                    node.send("PUT", "/metrics/job/off1", UTF8_BODY),
                    400,
                    "text format parsing error in line 2: invalid metric name");
            assertFalse(node.scrape().contains("off1"));
        }

        @Test
        void escapedUrlLabelNamesAreLiteral() throws Exception {
            assertEquals(
                    200,
                    node.send("PUT", "/metrics/job/off2/U__label_2e_name2/v", "off2 1\n")
                            .statusCode());
            assertTrue(node.scrape().contains("off2{U__label_2e_name2=\"v\",instance=\"\",job=\"off2\"} 1\n"));
            assertError(node.send("PUT", "/metrics/job/off2/a.b/v", "off2 1\n"), 400, "improper label name \"a.b\"");
        }

        @Test
        void protobufUtf8NamesAreRefused() throws Exception {
            assertError(
                    node.sendBytes(
                            "PUT", "/metrics/job/off3", delimited(gauge("some.metric", 1)), "Content-Type", PROTOBUF),
                    400,
                    "invalid metric name \"some.metric\"");
            HttpResponse<String> response = node.sendBytes(
                    "PUT", "/metrics/job/off3", delimited(gauge("off3", 1, "a.b", "x")), "Content-Type", PROTOBUF);
            assertEquals(400, response.statusCode());
            assertTrue(response.body().startsWith(PushHandler.REJECTED), response.body());
            assertTrue(response.body().endsWith("has a label with an invalid name: a.b\n"), response.body());
        }

        @Test
        void scrapesNameTheirEscaping() throws Exception {
            assertEquals(TEXT + "; escaping=underscores", contentType(scrape(node, null)));
            assertEquals(TEXT + "; escaping=allow-utf-8", contentType(scrape(node, "text/plain;escaping=allow-utf-8")));
            assertEquals(PROTOBUF + "; escaping=values", contentType(scrape(node, PROTOBUF + "; escaping=values")));
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class WithTheFlag {
        private TestNode node;

        @BeforeAll
        void start() throws Exception {
            node = TestNode.start("--push.enable-utf8-names");
            assertEquals(200, node.send("POST", UTF8_PATH, UTF8_BODY).statusCode());
        }

        @AfterAll
        void stop() throws Exception {
            node.close();
        }

        @Test
        void scrapersThatReadUtf8NamesGetThemQuoted() throws Exception {
            HttpResponse<String> response = scrape(node, "text/plain; version=0.0.4; escaping=allow-utf-8");
            assertEquals(TEXT + "; escaping=allow-utf-8", contentType(response));
            String text = response.body();
            assertTrue(text.contains("# TYPE \"another.metric\" untyped\n{\"another.metric\","), text);
            assertTrue(
                    text.contains("\n{\"another.metric\",\"dotted.label.name\"=\"mylabelvalue\","
                            + "instance=\"testinstance\",job=\"testjob\"} 42\n"),
                    text);
            assertTrue(
                    text.contains("some_metric{\"dotted.label.name\"=\"mylabelvalue\",instance=\"testinstance\","
                            + "job=\"testjob\"} 3.14\n"),
                    text);
        }

        @Test
        void otherScrapersGetUnderscoresByDefault() throws Exception {
            HttpResponse<String> response = scrape(node, null);
            assertEquals(TEXT + "; escaping=underscores", contentType(response));
            String text = response.body();
            assertTrue(text.contains("# TYPE another_metric untyped\nanother_metric{"), text);
            assertTrue(
                    text.contains("\nanother_metric{dotted_label_name=\"mylabelvalue\","
                            + "instance=\"testinstance\",job=\"testjob\"} 42\n"),
                    text);
            assertFalse(text.contains("\"another.metric\""), text);
            assertFalse(text.contains("dotted.label.name"), text);
        }

        @Test
        void everySchemeTheScraperAsksFor() throws Exception {
            HttpResponse<String> dots = scrape(node, "text/plain;escaping=dots");
            assertEquals(TEXT + "; escaping=dots", contentType(dots));
            assertTrue(
                    dots.body()
                            .contains("another_dot_metric{dotted_dot_label_dot_name=\"mylabelvalue\","
                                    + "instance=\"testinstance\",job=\"testjob\"} 42\n"),
                    dots.body());
            HttpResponse<String> values = scrape(node, "text/plain;escaping=values");
            assertEquals(TEXT + "; escaping=values", contentType(values));
            assertTrue(values.body().contains("# TYPE U__another_2e_metric untyped\n"), values.body());
            assertTrue(
                    values.body()
                            .contains("\nU__another_2e_metric{U__dotted_2e_label_2e_name=\"mylabelvalue\","
                                    + "instance=\"testinstance\",job=\"testjob\"} 42\n"),
                    values.body());
            // Classic names look the same under every scheme.
            assertTrue(
                    values.body().contains("some_metric{U__dotted_2e_label_2e_name=\"mylabelvalue\""), values.body());
        }

        @Test
        void protobufScrapesAreEscapedToo() throws Exception {
            assertTrue(protobufScrape("values").contains("U__another_2e_metric"));
            assertTrue(protobufScrape("underscores").contains("another_metric"));
            List<String> raw = protobufScrape("allow-utf-8");
            assertTrue(raw.contains("another.metric"), raw::toString);
            assertFalse(raw.contains("another_metric"), raw::toString);
        }

        @Test
        void base64AndEscapedLabelNamesTogether() throws Exception {
            assertEquals(
                    200,
                    node.send(
                                    "POST",
                                    "/metrics/job@base64/dGVzdC9qb2I=/instance@base64/dGVzdGluc3RhbmNl"
                                            + "/U__dotted_2e_label_2e_name@base64/bXlsYWJlbHZhbHVl",
                                    UTF8_BODY)
                            .statusCode());
            JsonObject group = apiGroup("test/job");
            assertEquals(
                    new JsonObject()
                            .put("dotted.label.name", "mylabelvalue")
                            .put("instance", "testinstance")
                            .put("job", "test/job"),
                    group.getJsonObject("labels"));
        }

        @Test
        void apiShowsNamesAsPushed() throws Exception {
            JsonObject group = apiGroup("testjob");
            JsonObject family = group.getJsonObject("another.metric");
            assertEquals("UNTYPED", family.getString("type"));
            JsonObject series = family.getJsonArray("metrics").getJsonObject(0);
            assertEquals("42", series.getString("value"));
            assertEquals("mylabelvalue", series.getJsonObject("labels").getString("dotted.label.name"));
        }

        @Test
        void protobufPushesWithUtf8Names() throws Exception {
            String path = "/metrics/job/testjob3/U__dotted_2e_label_2e_name/mylabelvalue";
            Metrics.MetricFamily histogram = Metrics.MetricFamily.newBuilder()
                    .setName("histogram.metric")
                    .setType(Metrics.MetricType.HISTOGRAM)
                    .addMetric(Metrics.Metric.newBuilder()
                            .setHistogram(Metrics.Histogram.newBuilder()
                                    .setSampleCount(2)
                                    .setSampleSum(3)
                                    .addBucket(Metrics.Bucket.newBuilder()
                                            .setUpperBound(1)
                                            .setCumulativeCount(1))))
                    .build();
            assertEquals(
                    200,
                    node.sendBytes(
                                    "PUT",
                                    path,
                                    delimited(
                                            gauge("some.metric", 1.234),
                                            gauge("another.metric.pb", 3.14, "label.x", "y"),
                                            histogram),
                                    "Content-Type",
                                    PROTOBUF)
                            .statusCode());
            String text = scrape(node, "text/plain;escaping=allow-utf-8").body();
            assertTrue(
                    text.contains("{\"histogram.metric_bucket\",\"dotted.label.name\"=\"mylabelvalue\",instance=\"\","
                            + "job=\"testjob3\",le=\"1\"} 1\n"),
                    text);
            assertTrue(
                    text.contains("{\"another.metric.pb\",\"dotted.label.name\"=\"mylabelvalue\",instance=\"\","
                            + "job=\"testjob3\",\"label.x\"=\"y\"} 3.14\n"),
                    text);
            assertError(
                    node.sendBytes("PUT", path, delimited(gauge("", 1)), "Content-Type", PROTOBUF),
                    400,
                    "invalid metric name \"\"");
        }

        @Test
        void deleteWithEscapedLabelName() throws Exception {
            String path = "/metrics/job/deljob/instance/testinstance/U__dotted_2e_label_2e_name/mylabelvalue";
            assertEquals(200, node.send("PUT", path, "del_metric 1\n").statusCode());
            assertTrue(apiGroupExists("deljob"));
            assertEquals(202, node.send("DELETE", path, null).statusCode());
            assertFalse(apiGroupExists("deljob"));
        }

        @Test
        void consistencyCheckKeysOnTheNameAsPushed() throws Exception {
            assertEquals(
                    200,
                    node.send("PUT", "/metrics/job/c1", "# TYPE \"x.y\" counter\n{\"x.y\"} 1\n")
                            .statusCode());
            HttpResponse<String> conflict = node.send("PUT", "/metrics/job/c2", "# TYPE \"x.y\" gauge\n{\"x.y\"} 1\n");
            assertEquals(400, conflict.statusCode());
            assertTrue(conflict.body().contains("collected metric \"x.y\""), conflict.body());
            // x_y is another family, although the underscores scheme shows both under one name.
            assertEquals(
                    200,
                    node.send("PUT", "/metrics/job/c3", "# TYPE x_y gauge\nx_y 1\n")
                            .statusCode());
            String utf8 = scrape(node, "text/plain;escaping=allow-utf-8").body();
            assertTrue(utf8.contains("# TYPE \"x.y\" counter\n{\"x.y\",instance=\"\",job=\"c1\"} 1\n"), utf8);
            assertTrue(utf8.contains("# TYPE x_y gauge\nx_y{instance=\"\",job=\"c3\"} 1\n"), utf8);
        }

        @Test
        void reservedAndEmptyNamesStayRefused() throws Exception {
            HttpResponse<String> reserved = node.send("PUT", "/metrics/job/r1", "r1{\"__x\"=\"v\"} 1\n");
            assertEquals(400, reserved.statusCode());
            assertTrue(reserved.body().endsWith("has a label with an invalid name: __x\n"), reserved.body());
            assertError(node.send("PUT", "/metrics/job/r1/__a/b", "r1 1\n"), 400, "improper label name \"__a\"");
            assertError(
                    node.send("PUT", "/metrics/job/r1", "{\"\"} 1\n"),
                    400,
                    "text format parsing error in line 1: invalid metric name");
        }

        @Test
        void percentEncodedUtf8LabelNames() throws Exception {
            assertEquals(
                    200,
                    node.send("PUT", "/metrics/job/pe/%C3%A4.b/v", "pe 1\n").statusCode());
            assertTrue(scrape(node, "text/plain;escaping=allow-utf-8")
                    .body()
                    .contains("pe{instance=\"\",job=\"pe\",\"ä.b\"=\"v\"} 1\n"));
            assertTrue(scrape(node, null).body().contains("pe{instance=\"\",job=\"pe\",__b=\"v\"} 1\n"));
        }

        private List<String> protobufScrape(String escaping) throws Exception {
            HttpResponse<byte[]> response = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(node.base + "/metrics"))
                                    .header("Accept", PROTOBUF + "; escaping=" + escaping)
                                    .build(),
                            HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(
                    PROTOBUF + "; escaping=" + escaping,
                    response.headers().firstValue("Content-Type").orElseThrow());
            List<String> names = new ArrayList<>();
            ByteArrayInputStream in = new ByteArrayInputStream(response.body());
            Metrics.MetricFamily family;
            while ((family = Metrics.MetricFamily.parseDelimitedFrom(in)) != null) {
                names.add(family.getName());
            }
            return names;
        }

        private JsonObject apiGroup(String job) throws Exception {
            JsonArray data =
                    new JsonObject(node.send("GET", "/api/v1/metrics", null).body()).getJsonArray("data");
            for (int i = 0; i < data.size(); i++) {
                JsonObject group = data.getJsonObject(i);
                if (job.equals(group.getJsonObject("labels").getString("job"))) {
                    return group;
                }
            }
            throw new AssertionError("no group of job " + job + " in " + data);
        }

        private boolean apiGroupExists(String job) throws Exception {
            try {
                apiGroup(job);
                return true;
            } catch (AssertionError e) {
                return false;
            }
        }
    }

    private static HttpResponse<String> scrape(TestNode node, String accept) throws IOException, InterruptedException {
        HttpResponse<String> response = accept == null
                ? node.send("GET", "/metrics", null)
                : node.send("GET", "/metrics", null, "Accept", accept);
        assertEquals(200, response.statusCode(), response::body);
        return response;
    }

    private static String contentType(HttpResponse<?> response) {
        return response.headers().firstValue("Content-Type").orElseThrow();
    }

    private static void assertError(HttpResponse<String> response, int status, String message) {
        assertEquals(status, response.statusCode(), response::body);
        assertEquals(message + "\n", response.body());
    }

    private static Metrics.MetricFamily gauge(String name, double value, String... labels) {
        Metrics.Metric.Builder metric =
                Metrics.Metric.newBuilder().setGauge(Metrics.Gauge.newBuilder().setValue(value));
        for (int i = 0; i < labels.length; i += 2) {
            metric.addLabel(Metrics.LabelPair.newBuilder().setName(labels[i]).setValue(labels[i + 1]));
        }
        return Metrics.MetricFamily.newBuilder()
                .setName(name)
                .setType(Metrics.MetricType.GAUGE)
                .addMetric(metric)
                .build();
    }

    private static byte[] delimited(Metrics.MetricFamily... families) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Metrics.MetricFamily family : families) {
            family.writeDelimitedTo(out);
        }
        return out.toByteArray();
    }
}
