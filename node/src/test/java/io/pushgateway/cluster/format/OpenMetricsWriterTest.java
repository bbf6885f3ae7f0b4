package io.pushgateway.cluster.format;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.prometheus.metrics.expositionformats.generated.Metrics;
import io.prometheus.metrics.shaded.com_google_protobuf_4_33_5.Timestamp;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class OpenMetricsWriterTest {
    private static Metrics.LabelPair label(String name, String value) {
        return Metrics.LabelPair.newBuilder().setName(name).setValue(value).build();
    }

    private static String write(Metrics.MetricFamily... families) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        OpenMetricsWriter.write(out, List.of(families));
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void counterWithTotalIsAnnouncedWithoutItAndKeepsItOnSamples() {
        Metrics.MetricFamily family = Metrics.MetricFamily.newBuilder()
                .setName("jobs_done_total")
                .setHelp("Jobs \"done\".\n")
                .setType(Metrics.MetricType.COUNTER)
                .addMetric(Metrics.Metric.newBuilder()
                        .addLabel(label("job", "a\\b"))
                        .setCounter(Metrics.Counter.newBuilder()
                                .setValue(3)
                                .setCreatedTimestamp(Timestamp.newBuilder()
                                        .setSeconds(1_700_000_000)
                                        .setNanos(500_000_000))
                                .setExemplar(Metrics.Exemplar.newBuilder()
                                        .setValue(1)
                                        .addLabel(label("trace_id", "x")))))
                .build();
        assertEquals(
                "# HELP jobs_done Jobs \\\"done\\\".\\n\n"
                        + "# TYPE jobs_done counter\n"
                        + "jobs_done_total{job=\"a\\\\b\"} 3.0 # {trace_id=\"x\"} 1.0\n"
                        + "jobs_done_created{job=\"a\\\\b\"} 1.7000000005e+09\n"
                        + "# EOF\n",
                write(family));
    }

    @Test
    void counterWithoutTotalIsUnknownAndKeepsItsName() {
        Metrics.MetricFamily family = Metrics.MetricFamily.newBuilder()
                .setName("requests")
                .setType(Metrics.MetricType.COUNTER)
                .addMetric(Metrics.Metric.newBuilder()
                        .setCounter(Metrics.Counter.newBuilder().setValue(0.5)))
                .build();
        assertEquals("# TYPE requests unknown\nrequests 0.5\n# EOF\n", write(family));
    }

    @Test
    void gaugeUntypedAndUnits() {
        Metrics.MetricFamily gauge = Metrics.MetricFamily.newBuilder()
                .setName("size_bytes")
                .setUnit("bytes")
                .setType(Metrics.MetricType.GAUGE)
                .addMetric(Metrics.Metric.newBuilder()
                        .setGauge(Metrics.Gauge.newBuilder().setValue(1e6)))
                .build();
        Metrics.MetricFamily misfit = Metrics.MetricFamily.newBuilder()
                .setName("temperature")
                .setUnit("celsius")
                .setType(Metrics.MetricType.UNTYPED)
                .addMetric(Metrics.Metric.newBuilder()
                        .setUntyped(Metrics.Untyped.newBuilder().setValue(Double.NaN)))
                .build();
        assertEquals(
                "# TYPE size_bytes gauge\n# UNIT size_bytes bytes\nsize_bytes 1e+06\n"
                        + "# TYPE temperature unknown\ntemperature NaN\n# EOF\n",
                write(gauge, misfit));
    }

    @Test
    void summaryAndHistogram() {
        Metrics.MetricFamily summary = Metrics.MetricFamily.newBuilder()
                .setName("rpc")
                .setType(Metrics.MetricType.SUMMARY)
                .addMetric(Metrics.Metric.newBuilder()
                        .addLabel(label("job", "j"))
                        .setSummary(Metrics.Summary.newBuilder()
                                .setSampleCount(4)
                                .setSampleSum(2)
                                .addQuantile(Metrics.Quantile.newBuilder()
                                        .setQuantile(0.5)
                                        .setValue(1))))
                .build();
        Metrics.MetricFamily histogram = Metrics.MetricFamily.newBuilder()
                .setName("lat")
                .setType(Metrics.MetricType.HISTOGRAM)
                .addMetric(Metrics.Metric.newBuilder()
                        .setHistogram(Metrics.Histogram.newBuilder()
                                .setSampleCount(5)
                                .setSampleSum(7.25)
                                .addBucket(Metrics.Bucket.newBuilder()
                                        .setUpperBound(1)
                                        .setCumulativeCount(2))
                                // native buckets are not part of OpenMetrics 1.0: left out
                                .setSchema(3)
                                .addPositiveSpan(Metrics.BucketSpan.newBuilder().setLength(1))
                                .addPositiveDelta(5)))
                .build();
        assertEquals(
                "# TYPE rpc summary\n"
                        + "rpc{job=\"j\",quantile=\"0.5\"} 1.0\nrpc_sum{job=\"j\"} 2.0\nrpc_count{job=\"j\"} 4\n"
                        + "# TYPE lat histogram\n"
                        + "lat_bucket{le=\"1.0\"} 2\nlat_bucket{le=\"+Inf\"} 5\nlat_sum 7.25\nlat_count 5\n"
                        + "# EOF\n",
                write(summary, histogram));
    }

    @Test
    void gaugeHistogramAndFloatCounts() {
        Metrics.MetricFamily family = Metrics.MetricFamily.newBuilder()
                .setName("queue")
                .setType(Metrics.MetricType.GAUGE_HISTOGRAM)
                .addMetric(Metrics.Metric.newBuilder()
                        .setHistogram(Metrics.Histogram.newBuilder()
                                .setSampleCountFloat(2.5)
                                .setSampleSum(3)
                                .addBucket(Metrics.Bucket.newBuilder()
                                        .setUpperBound(10)
                                        .setCumulativeCountFloat(1.5))))
                .build();
        assertEquals(
                "# TYPE queue gaugehistogram\n"
                        + "queue_bucket{le=\"10.0\"} 1.5\nqueue_bucket{le=\"+Inf\"} 2.5\nqueue_gsum 3.0\nqueue_gcount 2.5\n"
                        + "# EOF\n",
                write(family));
    }

    @Test
    void emptyScrapeIsJustEof() {
        assertEquals("# EOF\n", write());
    }
}
