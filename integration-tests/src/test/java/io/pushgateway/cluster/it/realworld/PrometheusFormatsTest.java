package io.pushgateway.cluster.it.realworld;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prometheus.metrics.expositionformats.generated.Metrics;
import io.pushgateway.cluster.it.cluster.ClusterProcess;
import io.pushgateway.cluster.it.cluster.Http;
import io.pushgateway.cluster.it.realworld.PrometheusServer.Series;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A real Prometheus 2.42 and the scrape formats it negotiates: with native histograms enabled it
 * asks for protobuf and must see a pushed native histogram whole; with its default Accept header
 * it prefers OpenMetrics and, from a node started with {@code --web.enable-openmetrics}, must still
 * see every pushed sample; and with its default headers (gzip) it decodes the compressed scrape a
 * node assembles from cached segments to every series of a thousand groups.
 */
@Tag("slow")
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class PrometheusFormatsTest {

    private static final String PROTOBUF =
            "application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited";
    private static final Duration SEEN = Duration.ofSeconds(60);

    private final Http http = new Http();
    private ClusterProcess gateway;
    private PrometheusServer prometheus;

    @BeforeEach
    void requirePrometheus() {
        PrometheusServer.executable();
    }

    @AfterEach
    void stopEverything() {
        if (prometheus != null) {
            prometheus.close();
        }
        if (gateway != null) {
            gateway.close();
        }
    }

    /** Observations 0.3, 1.5, 1.5, 3, 3, 3 and two in the zero bucket: count 8, sum 12.3, schema 0. */
    private static Metrics.MetricFamily nativeHistogram() {
        Metrics.Histogram histogram = Metrics.Histogram.newBuilder()
                .setSampleCount(8)
                .setSampleSum(12.3)
                .setSchema(0)
                .setZeroThreshold(1e-3)
                .setZeroCount(2)
                // Buckets (0.25, 0.5], (1, 2], (2, 4] are indices -1, 1, 2: spans {-1, 1} and {1, 2}.
                .addPositiveSpan(Metrics.BucketSpan.newBuilder().setOffset(-1).setLength(1))
                .addPositiveSpan(Metrics.BucketSpan.newBuilder().setOffset(1).setLength(2))
                .addAllPositiveDelta(List.of(1L, 1L, 1L))
                .build();
        return Metrics.MetricFamily.newBuilder()
                .setName("fm_request_seconds")
                .setHelp("Request time.")
                .setType(Metrics.MetricType.HISTOGRAM)
                .addMetric(Metrics.Metric.newBuilder().setHistogram(histogram))
                .build();
    }

    @Test
    void prometheusWithNativeHistogramsSeesThePushedHistogramWhole() throws Exception {
        gateway = ClusterProcess.start("formats-native", 1, List.of());
        URI base = gateway.node(0).baseUri();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        nativeHistogram().writeDelimitedTo(body);
        HttpResponse<String> pushed = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(base.resolve("/metrics/job/fm-native/instance/i1"))
                                .header("Content-Type", PROTOBUF)
                                .PUT(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertEquals(200, pushed.statusCode(), pushed.body());

        prometheus =
                PrometheusServer.startScraping("formats-native", base, List.of("--enable-feature=native-histograms"));
        String selector = "fm_request_seconds{job=\"fm-native\",instance=\"i1\"}";
        await("histogram_count of the pushed native histogram in Prometheus")
                .atMost(SEEN)
                .until(
                        () -> {
                            List<Series> count = prometheus.query("histogram_count(" + selector + ")");
                            return count.size() == 1 && count.get(0).value() == 8
                                    ? null
                                    : "histogram_count answered " + count;
                        },
                        nullValue());
        assertEquals(12.3, single(prometheus.query("histogram_sum(" + selector + ")")), 1e-9);
        // Observations in (2, 4]: three of eight; the fraction Prometheus computes from the native buckets.
        assertEquals(3.0 / 8, single(prometheus.query("histogram_fraction(2, 4, " + selector + ")")), 1e-9);
        // A native-only histogram has no classic series: nothing but the histogram itself.
        assertEquals(List.of(), prometheus.query("fm_request_seconds_bucket"));
    }

    @Test
    void prometheusWithItsDefaultAcceptGetsOpenMetricsAndEverySample() throws Exception {
        gateway = ClusterProcess.start("formats-openmetrics", 1, List.of("--web.enable-openmetrics"));
        URI base = gateway.node(0).baseUri();
        Http.Reply pushed = http.send(
                "PUT",
                base.resolve("/metrics/job/fm-om"),
                "# TYPE fm_jobs_total counter\nfm_jobs_total{kind=\"a\"} 3\n"
                        + "# TYPE fm_plain counter\nfm_plain 4\n"
                        + "# TYPE fm_temp gauge\nfm_temp -1.5\n"
                        + "fm_untyped 7\n"
                        + "# TYPE fm_lat histogram\nfm_lat_bucket{le=\"0.5\"} 1\nfm_lat_bucket{le=\"+Inf\"} 2\nfm_lat_sum 3.25\nfm_lat_count 2\n"
                        + "# TYPE fm_size summary\nfm_size{quantile=\"0.5\"} 10\nfm_size_sum 30\nfm_size_count 3\n",
                Http.WRITE);
        assertEquals(200, pushed.status(), pushed.toString());

        prometheus = PrometheusServer.startScraping("formats-openmetrics", base, List.of());
        await("the pushed samples in Prometheus")
                .atMost(SEEN)
                .until(
                        () -> prometheus.query("fm_jobs_total{job=\"fm-om\"}").size() == 1 ? null : "not yet scraped",
                        nullValue());
        assertEquals(1, single(prometheus.query("up")), prometheus.logs(20));
        assertEquals(3, single(prometheus.query("fm_jobs_total{job=\"fm-om\",instance=\"\",kind=\"a\"}")));
        assertEquals(4, single(prometheus.query("fm_plain{job=\"fm-om\"}")));
        assertEquals(-1.5, single(prometheus.query("fm_temp{job=\"fm-om\"}")));
        assertEquals(7, single(prometheus.query("fm_untyped{job=\"fm-om\"}")));
        assertEquals(1, single(prometheus.query("fm_lat_bucket{job=\"fm-om\",le=\"0.5\"}")));
        assertEquals(2, single(prometheus.query("fm_lat_bucket{job=\"fm-om\",le=\"+Inf\"}")));
        assertEquals(3.25, single(prometheus.query("fm_lat_sum{job=\"fm-om\"}")));
        assertEquals(2, single(prometheus.query("fm_lat_count{job=\"fm-om\"}")));
        assertEquals(10, single(prometheus.query("fm_size{job=\"fm-om\",quantile=\"0.5\"}")));
        assertEquals(3, single(prometheus.query("fm_size_count{job=\"fm-om\"}")));
        assertTrue(single(prometheus.query("push_time_seconds{job=\"fm-om\"}")) > 1.7e9);
        // Only OpenMetrics announces the counter as fm_jobs: proof of the format Prometheus parsed.
        Http.Reply metadata = prometheus.get("/api/v1/targets/metadata?metric=fm_jobs");
        assertTrue(metadata.body().contains("\"type\":\"counter\""), metadata.toString());
    }

    @Test
    void prometheusWithItsDefaultHeadersDecodesTheCachedGzipScrapeOfEveryGroup() throws Exception {
        gateway = ClusterProcess.start("formats-gzip", 1, List.of());
        URI base = gateway.node(0).baseUri();
        int groups = 1000;
        long expectedSum = 0;
        for (int i = 0; i < groups; i++) {
            Http.Reply pushed = http.send(
                    "PUT",
                    base.resolve("/metrics/job/fm-gz/instance/i" + i),
                    "# TYPE fm_gz_value gauge\nfm_gz_value{kind=\"a\"} " + i + "\nfm_gz_value{kind=\"b\"} " + 2 * i
                            + "\n" + "# TYPE fm_gz_total counter\nfm_gz_total " + i + "\n",
                    Http.WRITE);
            assertEquals(200, pushed.status(), pushed.toString());
            expectedSum += 4L * i;
        }
        // What Prometheus gets: the gzip body assembled from the cache (its reader is Go's compress/gzip).
        HttpResponse<byte[]> gzip = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(base.resolve("/metrics"))
                                .header("Accept-Encoding", "gzip")
                                .header("Accept", PROMETHEUS_ACCEPT)
                                .build(),
                        HttpResponse.BodyHandlers.ofByteArray());
        assertEquals("gzip", gzip.headers().firstValue("Content-Encoding").orElse(""));

        prometheus = PrometheusServer.startScraping("formats-gzip", base, List.of());
        // Every series with its value: a body that did not decode whole would fail the scrape (up 0).
        await("every pushed series in Prometheus")
                .atMost(SEEN)
                .until(
                        () -> {
                            List<Series> count = prometheus.query("count({job=\"fm-gz\",__name__=~\"fm_gz_.*\"})");
                            return count.size() == 1 && count.get(0).value() == 3 * groups
                                    ? null
                                    : "count answered " + count;
                        },
                        nullValue());
        assertEquals(1, single(prometheus.query("up")), prometheus.logs(20));
        assertEquals(expectedSum, single(prometheus.query("sum({job=\"fm-gz\",__name__=~\"fm_gz_.*\"})")));
        assertEquals(groups, single(prometheus.query("count(push_time_seconds{job=\"fm-gz\"})")));
    }

    /** Prometheus 2.x's default Accept header. */
    private static final String PROMETHEUS_ACCEPT = "application/openmetrics-text;version=1.0.0,"
            + "application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1";

    private static double single(List<Series> series) {
        assertEquals(1, series.size(), () -> "expected one series, got " + series);
        return series.get(0).value();
    }
}
