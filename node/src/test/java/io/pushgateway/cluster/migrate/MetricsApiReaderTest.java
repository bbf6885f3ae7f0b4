package io.pushgateway.cluster.migrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prometheus.metrics.expositionformats.generated.Metrics;
import io.pushgateway.cluster.store.OnExisting;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Groups read from {@code /api/v1/metrics} answers as the Go Pushgateway 1.5.1 writes them, and the requests made of them. */
class MetricsApiReaderTest {
    /** One group as Go 1.5.1 answered it (trimmed): a failure after the last push, a family POSTed earlier. */
    private static final String GO_ANSWER = """
            {"status":"success","data":[{
              "labels":{"instance":"","job":"nightly/backup"},
              "last_push_successful":false,
              "h":{"time_stamp":"2026-12-06T06:01:25.241272159Z","type":"HISTOGRAM","help":"Latency.",
                   "metrics":[{"buckets":{"+Inf":"4","1":"3","0.1":"1","10":"4"},"count":"4",
                               "labels":{"instance":"","job":"nightly/backup"},"sum":"2.5"}]},
              "old":{"time_stamp":"2026-12-06T07:01:24.0913008+01:00","type":"COUNTER",
                     "metrics":[{"labels":{"instance":"","job":"nightly/backup","k":"v"},"value":"+Inf"}]},
              "s":{"time_stamp":"2026-12-06T06:01:25.241272159Z","type":"SUMMARY",
                   "metrics":[{"count":"40","labels":{"instance":"","job":"nightly/backup"},
                               "quantiles":{"0.99":"NaN","0.5":"0.2"},"sum":"12"}]},
              "push_failure_time_seconds":{"time_stamp":"2026-12-06T06:01:26.5Z","type":"GAUGE",
                   "metrics":[{"labels":{"instance":"","job":"nightly/backup"},"value":"1.7965368865e+09"}]},
              "push_time_seconds":{"time_stamp":"2026-12-06T06:01:25.241272159Z","type":"GAUGE",
                   "metrics":[{"labels":{"instance":"","job":"nightly/backup"},"value":"1.796536885241272e+09"}]}
            },{
              "labels":{"job":"failonly"},"last_push_successful":false,
              "push_failure_time_seconds":{"time_stamp":"2026-12-06T06:01:25.229344654Z","type":"GAUGE",
                   "metrics":[{"labels":{"instance":"","job":"failonly"},"value":"1.7965368852293448e+09"}]},
              "push_time_seconds":{"time_stamp":"2026-12-06T06:01:25.229344654Z","type":"GAUGE",
                   "metrics":[{"labels":{"instance":"","job":"failonly"},"value":"0"}]}
            },{
              "labels":{"job":"native"},"last_push_successful":true,
              "n":{"time_stamp":"2026-12-06T06:01:25Z","type":"HISTOGRAM","metrics":[{"buckets":[[0,"1","2","3"]],
                   "count":"3","labels":{"instance":"","job":"native"},"sum":"4"}]},
              "push_time_seconds":{"time_stamp":"2026-12-06T06:01:25Z","type":"GAUGE",
                   "metrics":[{"labels":{"instance":"","job":"native"},"value":"1.796536885e+09"}]}
            }]}
            """;

    @Test
    void aGoGroupKeepsItsTimesToTheNanosecondAndItsFamilies() {
        MetricsApiReader.Read read =
                MetricsApiReader.read(GO_ANSWER.getBytes(StandardCharsets.UTF_8), HistogramSeries.NONE);

        SourceGroup backup = read.groups().get(0);
        assertEquals(Map.of("instance", "", "job", "nightly/backup"), backup.labels());
        assertEquals(1_796_536_885_241_272_159L, backup.pushNanos(), "the time stamp's nine digits, not the double's");
        assertEquals(1_796_536_886_500_000_000L, backup.failureNanos());
        assertEquals(Map.of("old", 1_796_536_884_091_300_800L), backup.familyPushNanos(), "an offset is a UTC instant");
        Metrics.MetricFamily histogram = family(backup, "h");
        assertEquals("Latency.", histogram.getHelp());
        Metrics.Histogram h = histogram.getMetric(0).getHistogram();
        assertEquals(
                List.of(0.1, 1.0, 10.0, Double.POSITIVE_INFINITY),
                h.getBucketList().stream().map(Metrics.Bucket::getUpperBound).toList(),
                "buckets sorted by bound");
        assertEquals(4, h.getSampleCount());
        Metrics.Summary s = family(backup, "s").getMetric(0).getSummary();
        assertEquals(40, s.getSampleCount());
        assertEquals(0.5, s.getQuantile(0).getQuantile());
        assertTrue(Double.isNaN(s.getQuantile(1).getValue()));
        assertEquals(
                Double.POSITIVE_INFINITY,
                family(backup, "old").getMetric(0).getCounter().getValue());
        assertEquals(3, backup.families().size(), "the push times are not families");

        SourceGroup failed = read.groups().get(1);
        assertEquals(0, failed.pushNanos(), "never succeeded");
        assertEquals(1_796_536_885_229_344_654L, failed.failureNanos());

        assertEquals(2, read.groups().size());
        assertTrue(
                read.unreadable().get("{job=\"native\"}").contains("not in the source's protobuf scrape"),
                read.unreadable().toString());
    }

    @Test
    void aHistogramFromTheProtobufScrapeWinsOverItsJson() {
        Metrics.Histogram nativeHistogram = Metrics.Histogram.newBuilder()
                .setSchema(3)
                .setSampleCount(3)
                .addPositiveSpan(Metrics.BucketSpan.newBuilder().setOffset(1).setLength(1))
                .addPositiveDelta(3)
                .build();
        HistogramSeries scraped = HistogramSeries.of(List.of(Metrics.MetricFamily.newBuilder()
                .setName("n")
                .setType(Metrics.MetricType.HISTOGRAM)
                .addMetric(Metrics.Metric.newBuilder()
                        .addLabel(Metrics.LabelPair.newBuilder().setName("job").setValue("native"))
                        .addLabel(Metrics.LabelPair.newBuilder()
                                .setName("instance")
                                .setValue(""))
                        .setHistogram(nativeHistogram))
                .build()));

        MetricsApiReader.Read read = MetricsApiReader.read(GO_ANSWER.getBytes(StandardCharsets.UTF_8), scraped);

        assertEquals(Map.of(), read.unreadable());
        assertEquals(
                nativeHistogram, family(read.groups().get(2), "n").getMetric(0).getHistogram());
    }

    @Test
    void aNodesGroupKeepsItsTimeToLive() {
        String node = """
                {"status":"success","data":[{"labels":{"job":"ttl"},"last_push_successful":true,
                  "expires_at":"2026-12-18T08:01:25Z","ttl_seconds":"1e+06",
                  "push_time_seconds":{"time_stamp":"2026-12-06T06:01:25Z","type":"GAUGE",
                     "metrics":[{"labels":{"instance":"","job":"ttl"},"value":"1.796536885e+09"}]}}]}
                """;

        SourceGroup group = MetricsApiReader.read(node.getBytes(StandardCharsets.UTF_8), HistogramSeries.NONE)
                .groups()
                .get(0);

        assertEquals("1000000000ms", group.ttl());
        assertEquals(List.of(), group.families(), "expires_at and ttl_seconds are not families");
    }

    @Test
    void anAnswerThatIsNotTheMetricsApiIsRefusedAsAWhole() {
        assertThrows(
                IllegalArgumentException.class, () -> MetricsApiReader.read("<html>".getBytes(), HistogramSeries.NONE));
        assertThrows(
                IllegalArgumentException.class,
                () -> MetricsApiReader.read("{\"status\":\"error\"}".getBytes(), HistogramSeries.NONE));
    }

    @Test
    void theImportPathCarriesEveryValueThePushUrlCannot() {
        SourceGroup group = new SourceGroup(
                new java.util.TreeMap<>(
                        Map.of("job", "nightly/backup", "instance", "", "dots", "..", "plain", "a.b-c_d~e")),
                List.of(),
                1_796_536_885_241_272_159L,
                0,
                Map.of("x:y", 1_000_000_000L),
                null);

        assertEquals(
                "/api/v1/admin/import/job@base64/bmlnaHRseS9iYWNrdXA/dots@base64/Li4/instance@base64/="
                        + "/plain/a.b-c_d~e?push_time_seconds=1796536885.241272159&push_failure_time_seconds=0"
                        + "&on_existing=skip&family_push_time=x%3Ay%3A1",
                ImportRequest.pathAndQuery(group, OnExisting.SKIP));
    }

    private static Metrics.MetricFamily family(SourceGroup group, String name) {
        return group.families().stream()
                .filter(f -> f.getName().equals(name))
                .findFirst()
                .orElseThrow();
    }
}
