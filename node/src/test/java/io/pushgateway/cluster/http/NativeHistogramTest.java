package io.pushgateway.cluster.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prometheus.metrics.expositionformats.generated.Metrics;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Native histograms pushed via protobuf: kept field for field, served back in the protobuf scrape,
 * shown in {@code /api/v1/metrics} as upstream does (COMPATIBILITY.md §1.7), degraded to classic buckets in
 * the text scrape.
 */
class NativeHistogramTest {
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

    /** Upstream's API test histograms: schema 1, two spans of two buckets on each side. */
    static Metrics.Histogram.Builder integerNative() {
        return spans(Metrics.Histogram.newBuilder()
                        .setSampleCount(20)
                        .setSampleSum(99.23)
                        .setSchema(1)
                        .setZeroThreshold(0.001)
                        .setZeroCount(0))
                .addAllPositiveDelta(List.of(0L, 2L, -2L, 0L))
                .addAllNegativeDelta(List.of(0L, 2L, -2L, 0L));
    }

    /**
     * Upstream's float histogram, but with 3 where its counts have -2: a negative bucket population
     * is refused (issue 21).
     */
    static Metrics.Histogram.Builder floatNative() {
        return spans(Metrics.Histogram.newBuilder()
                        .setSampleCountFloat(20)
                        .setSampleSum(99.23)
                        .setSchema(1))
                .addAllPositiveCount(List.of(2.0, 2.0, 3.0, 0.0))
                .addAllNegativeCount(List.of(2.0, 2.0, 3.0, 0.0));
    }

    private static Metrics.Histogram.Builder spans(Metrics.Histogram.Builder h) {
        Metrics.BucketSpan span =
                Metrics.BucketSpan.newBuilder().setOffset(0).setLength(2).build();
        return h.addPositiveSpan(span)
                .addPositiveSpan(span)
                .addNegativeSpan(span)
                .addNegativeSpan(span);
    }

    private static Metrics.Metric series(String kind, Metrics.Histogram.Builder h) {
        return Metrics.Metric.newBuilder()
                .addLabel(Metrics.LabelPair.newBuilder().setName("kind").setValue(kind))
                .setHistogram(h)
                .build();
    }

    @Test
    void everyNativeFieldSurvivesTheRoundTrip() throws Exception {
        Metrics.Histogram.Builder full = integerNative()
                .setZeroCount(3)
                .setCreatedTimestamp(io.prometheus.metrics.shaded.com_google_protobuf_4_33_5.Timestamp.newBuilder()
                        .setSeconds(1_700_000_000)
                        .setNanos(5))
                .addBucket(Metrics.Bucket.newBuilder()
                        .setUpperBound(1)
                        .setCumulativeCount(7)
                        .setExemplar(Metrics.Exemplar.newBuilder()
                                .setValue(0.5)
                                .addLabel(Metrics.LabelPair.newBuilder()
                                        .setName("trace_id")
                                        .setValue("abc"))))
                .addExemplars(Metrics.Exemplar.newBuilder()
                        .setValue(1.2)
                        .addLabel(Metrics.LabelPair.newBuilder()
                                .setName("trace_id")
                                .setValue("def")));
        Metrics.MetricFamily pushed = Metrics.MetricFamily.newBuilder()
                .setName("nh_roundtrip")
                .setHelp("h")
                .setType(Metrics.MetricType.HISTOGRAM)
                .addMetric(series("int", full))
                .addMetric(series("float", floatNative()))
                .build();
        assertEquals(200, push("/metrics/job/nh_rt", pushed).statusCode());

        Metrics.MetricFamily scraped = protobufScrape().stream()
                .filter(f -> f.getName().equals("nh_roundtrip"))
                .findFirst()
                .orElseThrow();
        assertEquals(2, scraped.getMetricCount());
        for (Metrics.Metric metric : scraped.getMetricList()) {
            String kind = metric.getLabelList().stream()
                    .filter(l -> l.getName().equals("kind"))
                    .findFirst()
                    .orElseThrow()
                    .getValue();
            Metrics.Metric original = kind.equals("int") ? pushed.getMetric(0) : pushed.getMetric(1);
            assertEquals(original.getHistogram(), metric.getHistogram(), kind);
        }
    }

    @Test
    void theApiShowsNativeBucketsAsUpstream() throws Exception {
        Metrics.MetricFamily pushed = Metrics.MetricFamily.newBuilder()
                .setName("nh_api")
                .setType(Metrics.MetricType.HISTOGRAM)
                .addMetric(series("int", integerNative()))
                .addMetric(series("float", floatNative()))
                .build();
        assertEquals(200, push("/metrics/job/nh_api", pushed).statusCode());
        JsonObject family = apiFamily("nh_api", "nh_api");
        JsonArray metrics = family.getJsonArray("metrics");
        JsonObject integer = metrics.getJsonObject(0);
        assertEquals(
                new JsonArray("[[1,\"-1.414213562373095\",\"-1\",\"2\"],[0,\"1\",\"1.414213562373095\",\"2\"]]"),
                integer.getJsonArray("buckets"));
        assertEquals("20", integer.getString("count"));
        assertEquals("99.23", integer.getString("sum"));
        assertEquals(List.of("buckets", "count", "labels", "sum"), new ArrayList<>(integer.fieldNames()));
        JsonObject floats = metrics.getJsonObject(1);
        assertEquals(
                new JsonArray("[[1,\"-2\",\"-1.414213562373095\",\"3\"],"
                        + "[1,\"-1.414213562373095\",\"-1\",\"2\"],[1,\"-1\",\"-0.7071067811865475\",\"2\"],"
                        + "[0,\"0.7071067811865475\",\"1\",\"2\"],[0,\"1\",\"1.414213562373095\",\"2\"],"
                        + "[0,\"1.414213562373095\",\"2\",\"3\"]]"),
                floats.getJsonArray("buckets"));
        assertEquals("20", floats.getString("count"));
    }

    @Test
    void theZeroBucketIsShownWhenItHoldsObservations() throws Exception {
        Metrics.Histogram.Builder h = Metrics.Histogram.newBuilder()
                .setSampleCount(5)
                .setSampleSum(1)
                .setSchema(0)
                .setZeroThreshold(0.25)
                .setZeroCount(4)
                .addPositiveSpan(Metrics.BucketSpan.newBuilder().setOffset(3).setLength(1))
                .addPositiveDelta(1);
        Metrics.MetricFamily pushed = Metrics.MetricFamily.newBuilder()
                .setName("nh_zero")
                .setType(Metrics.MetricType.HISTOGRAM)
                .addMetric(series("z", h))
                .build();
        assertEquals(200, push("/metrics/job/nh_zero", pushed).statusCode());
        JsonObject metric =
                apiFamily("nh_zero", "nh_zero").getJsonArray("metrics").getJsonObject(0);
        assertEquals(
                new JsonArray("[[3,\"-0.25\",\"0.25\",\"4\"],[0,\"4\",\"8\",\"1\"]]"), metric.getJsonArray("buckets"));
    }

    @Test
    void theTextScrapeShowsClassicBucketsOnly() throws Exception {
        Metrics.Histogram.Builder mixed = integerNative()
                .setSampleCount(3)
                .setSampleSum(1.5)
                .addBucket(Metrics.Bucket.newBuilder().setUpperBound(0.5).setCumulativeCount(1))
                .addBucket(Metrics.Bucket.newBuilder().setUpperBound(1).setCumulativeCount(2));
        Metrics.MetricFamily pushed = Metrics.MetricFamily.newBuilder()
                .setName("nh_text")
                .setType(Metrics.MetricType.HISTOGRAM)
                .addMetric(series("mixed", mixed))
                .addMetric(series("native", integerNative()))
                .build();
        assertEquals(200, push("/metrics/job/nh_text", pushed).statusCode());
        String scrape = node.scrape();
        assertTrue(
                scrape.contains("# TYPE nh_text histogram\n"
                        + "nh_text_bucket{instance=\"\",job=\"nh_text\",kind=\"mixed\",le=\"0.5\"} 1\n"
                        + "nh_text_bucket{instance=\"\",job=\"nh_text\",kind=\"mixed\",le=\"1\"} 2\n"
                        + "nh_text_bucket{instance=\"\",job=\"nh_text\",kind=\"mixed\",le=\"+Inf\"} 3\n"
                        + "nh_text_sum{instance=\"\",job=\"nh_text\",kind=\"mixed\"} 1.5\n"
                        + "nh_text_count{instance=\"\",job=\"nh_text\",kind=\"mixed\"} 3\n"
                        + "nh_text_bucket{instance=\"\",job=\"nh_text\",kind=\"native\",le=\"+Inf\"} 20\n"
                        + "nh_text_sum{instance=\"\",job=\"nh_text\",kind=\"native\"} 99.23\n"
                        + "nh_text_count{instance=\"\",job=\"nh_text\",kind=\"native\"} 20\n"),
                scrape);
    }

    @Test
    void nativeHistogramsMeetTheConsistencyCheckLikeClassicOnes() throws Exception {
        Metrics.MetricFamily histogram = Metrics.MetricFamily.newBuilder()
                .setName("nh_check")
                .setType(Metrics.MetricType.HISTOGRAM)
                .addMetric(series("a", integerNative()))
                .build();
        assertEquals(200, push("/metrics/job/nh_check", histogram).statusCode());
        // An le label is reserved, suffixed names collide, another type conflicts: as for classic ones.
        HttpResponse<String> reservedLabel = push(
                "/metrics/job/nh_check",
                histogram.toBuilder()
                        .setMetric(
                                0,
                                histogram.getMetric(0).toBuilder()
                                        .addLabel(Metrics.LabelPair.newBuilder()
                                                .setName("le")
                                                .setValue("1")))
                        .build());
        assertEquals(400, reservedLabel.statusCode());
        HttpResponse<String> collision = node.send("PUT", "/metrics/job/nh_other", "nh_check_count 1\n");
        assertEquals(400, collision.statusCode());
        assertTrue(
                collision.body().contains("collides with previously collected histogram named \"nh_check\""),
                collision.body());
        HttpResponse<String> conflict =
                node.send("PUT", "/metrics/job/nh_other", "# TYPE nh_check gauge\nnh_check 1\n");
        assertEquals(400, conflict.statusCode());
        String scrape = node.scrape();
        assertFalse(scrape.contains("nh_check_count{instance=\"\",job=\"nh_other\"}"), scrape);
        assertFalse(scrape.contains("nh_check{instance=\"\",job=\"nh_other\"}"), scrape);
    }

    @Test
    void negativePopulationsAreRefusedAndNothingIsStored() throws Exception {
        Metrics.MetricFamily negative = Metrics.MetricFamily.newBuilder()
                .setName("nh_negative")
                .setType(Metrics.MetricType.HISTOGRAM)
                .addMetric(
                        series("a", integerNative().clearPositiveDelta().addAllPositiveDelta(List.of(0L, 2L, -3L, 0L))))
                .build();
        HttpResponse<String> refused = push("/metrics/job/nh_negative", negative);
        assertEquals(400, refused.statusCode());
        assertEquals("histogram \"nh_negative\" has a negative bucket population: -1\n", refused.body());
        HttpResponse<String> text = node.send(
                "PUT",
                "/metrics/job/nh_negative",
                "# TYPE nh_negative histogram\nnh_negative_bucket{le=\"+Inf\"} -7\nnh_negative_count -7\n");
        assertEquals(400, text.statusCode());
        assertEquals(
                "text format parsing error in line 2: histogram \"nh_negative\" has a negative bucket population: -7\n",
                text.body());
        assertFalse(node.scrape().contains("job=\"nh_negative\""), "a refused push stores nothing");
    }

    private static HttpResponse<String> push(String path, Metrics.MetricFamily family) throws Exception {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        family.writeDelimitedTo(body);
        return node.sendBytes("PUT", path, body.toByteArray(), "Content-Type", PROTOBUF);
    }

    private static List<Metrics.MetricFamily> protobufScrape() throws Exception {
        HttpResponse<byte[]> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(node.base + "/metrics"))
                                .header("Accept", PROTOBUF)
                                .build(),
                        HttpResponse.BodyHandlers.ofByteArray());
        List<Metrics.MetricFamily> families = new ArrayList<>();
        ByteArrayInputStream in = new ByteArrayInputStream(response.body());
        Metrics.MetricFamily family;
        while ((family = Metrics.MetricFamily.parseDelimitedFrom(in)) != null) {
            families.add(family);
        }
        return families;
    }

    private static JsonObject apiFamily(String job, String name) throws Exception {
        JsonArray groups =
                new JsonObject(node.send("GET", "/api/v1/metrics", null).body()).getJsonArray("data");
        for (int i = 0; i < groups.size(); i++) {
            JsonObject group = groups.getJsonObject(i);
            if (job.equals(group.getJsonObject("labels").getString("job"))) {
                return group.getJsonObject(name);
            }
        }
        throw new AssertionError("no group for job " + job);
    }
}
