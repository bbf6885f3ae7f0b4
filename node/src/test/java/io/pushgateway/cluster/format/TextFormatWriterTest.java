package io.pushgateway.cluster.format;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.prometheus.metrics.expositionformats.generated.Metrics;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TextFormatWriterTest {

    @Test
    void headerWithHelpAndType() {
        assertEquals("# HELP a some help\n# TYPE a counter\n", header("a", "some help", Metrics.MetricType.COUNTER));
    }

    @Test
    void headerWithoutHelp() {
        assertEquals("# TYPE a untyped\n", header("a", null, Metrics.MetricType.UNTYPED));
    }

    @Test
    void emptyHelpStillWritesTheLine() {
        assertEquals("# HELP a \n# TYPE a gauge\n", header("a", "", Metrics.MetricType.GAUGE));
    }

    @Test
    void helpEscapesBackslashAndNewlineButNotQuotes() {
        assertEquals(
                "# HELP a Help with \\\\ backslash and \\n newline and \" quote. ü\n# TYPE a summary\n",
                header("a", "Help with \\ backslash and \n newline and \" quote. ü", Metrics.MetricType.SUMMARY));
    }

    @Test
    void typeNames() {
        assertEquals("# TYPE h histogram\n", header("h", null, Metrics.MetricType.HISTOGRAM));
        assertEquals("# TYPE h histogram\n", header("h", null, Metrics.MetricType.GAUGE_HISTOGRAM));
    }

    @Test
    void headerAppendsToTheStream() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TextFormatWriter.writeHeader(out, "a", null, Metrics.MetricType.GAUGE);
        TextFormatWriter.writeHeader(out, "b", "x", Metrics.MetricType.GAUGE);
        assertEquals("# TYPE a gauge\n# HELP b x\n# TYPE b gauge\n", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void counterGaugeUntypedOneLine() {
        Metrics.Metric counter = metric("job", "j1")
                .setCounter(Metrics.Counter.newBuilder().setValue(42))
                .build();
        assertEquals("c{job=\"j1\"} 42\n", render("c", Metrics.MetricType.COUNTER, counter));
        Metrics.Metric gauge = Metrics.Metric.newBuilder()
                .setGauge(Metrics.Gauge.newBuilder().setValue(1e6))
                .build();
        assertEquals("g 1e+06\n", render("g", Metrics.MetricType.GAUGE, gauge));
        Metrics.Metric untyped = metric("instance", "", "job", "j1")
                .setUntyped(Metrics.Untyped.newBuilder().setValue(3.14))
                .build();
        assertEquals(
                "some_metric{instance=\"\",job=\"j1\"} 3.14\n",
                render("some_metric", Metrics.MetricType.UNTYPED, untyped));
    }

    @Test
    void specialValues() {
        assertEquals("g NaN\n", render("g", Metrics.MetricType.GAUGE, gauge(Double.NaN)));
        assertEquals("g +Inf\n", render("g", Metrics.MetricType.GAUGE, gauge(Double.POSITIVE_INFINITY)));
        assertEquals("g -Inf\n", render("g", Metrics.MetricType.GAUGE, gauge(Double.NEGATIVE_INFINITY)));
        assertEquals("g 0\n", render("g", Metrics.MetricType.GAUGE, gauge(-0.0)));
        assertEquals("g 1.5e-07\n", render("g", Metrics.MetricType.GAUGE, gauge(1.5e-7)));
    }

    @Test
    void labelsInGivenOrderWithEscaping() {
        Metrics.Metric m = metric("z", "a\\b", "a", "say \"hi\"\nbye", "t", "tab\there ü")
                .setGauge(Metrics.Gauge.newBuilder().setValue(1))
                .build();
        assertEquals(
                "g{z=\"a\\\\b\",a=\"say \\\"hi\\\"\\nbye\",t=\"tab\there ü\"} 1\n",
                render("g", Metrics.MetricType.GAUGE, m));
    }

    @Test
    void timestampOnEveryLine() {
        Metrics.Metric m = metric("x", "1")
                .setTimestampMs(-1234)
                .setSummary(Metrics.Summary.newBuilder()
                        .setSampleCount(2)
                        .setSampleSum(3)
                        .addQuantile(q(0.5, 1)))
                .build();
        assertEquals(
                "s{x=\"1\",quantile=\"0.5\"} 1 -1234\ns_sum{x=\"1\"} 3 -1234\ns_count{x=\"1\"} 2 -1234\n",
                render("s", Metrics.MetricType.SUMMARY, m));
    }

    @Test
    void summaryQuantileLabelLast() {
        Metrics.Metric m = metric("instance", "", "job", "s9")
                .setSummary(Metrics.Summary.newBuilder()
                        .setSampleCount(7)
                        .setSampleSum(12.5)
                        .addQuantile(q(1e-7, 1))
                        .addQuantile(q(0.9, 2)))
                .build();
        assertEquals(
                "sm{instance=\"\",job=\"s9\",quantile=\"1e-07\"} 1\n"
                        + "sm{instance=\"\",job=\"s9\",quantile=\"0.9\"} 2\n"
                        + "sm_sum{instance=\"\",job=\"s9\"} 12.5\n"
                        + "sm_count{instance=\"\",job=\"s9\"} 7\n",
                render("sm", Metrics.MetricType.SUMMARY, m));
    }

    @Test
    void summaryWithoutLabelsAndWithoutSumOrCount() {
        Metrics.Metric m = Metrics.Metric.newBuilder()
                .setSummary(Metrics.Summary.newBuilder().addQuantile(q(0.5, 4)))
                .build();
        assertEquals("s{quantile=\"0.5\"} 4\ns_sum 0\ns_count 0\n", render("s", Metrics.MetricType.SUMMARY, m));
    }

    @Test
    void summaryCountIsUnsigned() {
        Metrics.Metric m = Metrics.Metric.newBuilder()
                .setSummary(Metrics.Summary.newBuilder().setSampleCount(-1L))
                .build();
        assertEquals("s_sum 0\ns_count 1.8446744073709552e+19\n", render("s", Metrics.MetricType.SUMMARY, m));
    }

    @Test
    void histogramSynthesisesInfBucketAndKeepsBucketOrder() {
        Metrics.Metric m = metric("instance", "", "job", "s9", "zz", "1")
                .setHistogram(Metrics.Histogram.newBuilder()
                        .setSampleCount(4)
                        .setSampleSum(10)
                        .addBucket(bucket(1e6, 1))
                        .addBucket(bucket(1e-5, 0))
                        .addBucket(bucket(1, 1)))
                .build();
        assertEquals(
                "hz_bucket{instance=\"\",job=\"s9\",zz=\"1\",le=\"1e+06\"} 1\n"
                        + "hz_bucket{instance=\"\",job=\"s9\",zz=\"1\",le=\"1e-05\"} 0\n"
                        + "hz_bucket{instance=\"\",job=\"s9\",zz=\"1\",le=\"1\"} 1\n"
                        + "hz_bucket{instance=\"\",job=\"s9\",zz=\"1\",le=\"+Inf\"} 4\n"
                        + "hz_sum{instance=\"\",job=\"s9\",zz=\"1\"} 10\n"
                        + "hz_count{instance=\"\",job=\"s9\",zz=\"1\"} 4\n",
                render("hz", Metrics.MetricType.HISTOGRAM, m));
    }

    @Test
    void histogramWithInfBucketGetsNoSecondOne() {
        // Go looks for a +Inf bound among all buckets, not only the last.
        Metrics.Metric m = Metrics.Metric.newBuilder()
                .setHistogram(Metrics.Histogram.newBuilder()
                        .setSampleCount(3)
                        .addBucket(bucket(Double.POSITIVE_INFINITY, 3))
                        .addBucket(bucket(1, 1)))
                .build();
        assertEquals(
                "h_bucket{le=\"+Inf\"} 3\nh_bucket{le=\"1\"} 1\nh_sum 0\nh_count 3\n",
                render("h", Metrics.MetricType.HISTOGRAM, m));
    }

    @Test
    void gaugeHistogramRendersLikeHistogram() {
        Metrics.Metric m = Metrics.Metric.newBuilder()
                .setHistogram(Metrics.Histogram.newBuilder()
                        .setSampleCount(2)
                        .setSampleSum(1.5)
                        .addBucket(bucket(0.25, 2)))
                .build();
        assertEquals(
                "g_bucket{le=\"0.25\"} 2\ng_bucket{le=\"+Inf\"} 2\ng_sum 1.5\ng_count 2\n",
                render("g", Metrics.MetricType.GAUGE_HISTOGRAM, m));
    }

    @Test
    void floatHistogramUsesFloatCounts() {
        Metrics.Metric m = Metrics.Metric.newBuilder()
                .setHistogram(Metrics.Histogram.newBuilder()
                        .setSampleCountFloat(2.5)
                        .setSampleSum(1)
                        .addBucket(Metrics.Bucket.newBuilder().setUpperBound(1).setCumulativeCountFloat(0.5))
                        .addBucket(bucket(2, 2)))
                .build();
        assertEquals(
                "h_bucket{le=\"1\"} 0.5\nh_bucket{le=\"2\"} 2\nh_bucket{le=\"+Inf\"} 2.5\nh_sum 1\nh_count 2.5\n",
                render("h", Metrics.MetricType.HISTOGRAM, m));
    }

    @Test
    void emptyHistogram() {
        Metrics.Metric m = Metrics.Metric.newBuilder()
                .setHistogram(Metrics.Histogram.newBuilder())
                .build();
        assertEquals("h_bucket{le=\"+Inf\"} 0\nh_sum 0\nh_count 0\n", render("h", Metrics.MetricType.HISTOGRAM, m));
    }

    @Test
    void longLabelValuesGrowTheBuffer() {
        String value = "\"\\\n".repeat(500) + "ü€😀".repeat(300);
        Metrics.Metric m = metric("v", value)
                .setGauge(Metrics.Gauge.newBuilder().setValue(1))
                .build();
        String expected = "g{v=\"" + "\\\"\\\\\\n".repeat(500) + "ü€😀".repeat(300) + "\"} 1\n";
        assertEquals(expected, render("g", Metrics.MetricType.GAUGE, m));
    }

    @Test
    void roundTripOfAMixedBody() throws BodyParseException {
        String body = "# HELP a_counter Counts \\\\ things.\\nReally.\n"
                + "# TYPE a_counter counter\n"
                + "a_counter{code=\"200\",method=\"get\"} 1027\n"
                + "a_counter{code=\"400\",method=\"post\"} 3\n"
                + "# TYPE g gauge\n"
                + "g{path=\"/a \\\"b\\\"\\\\c\\n\"} -1.5e-07\n"
                + "# TYPE hh histogram\n"
                + "hh_bucket{le=\"1e-05\"} 0\n"
                + "hh_bucket{le=\"1\"} 1\n"
                + "hh_bucket{le=\"1e+06\"} 3\n"
                + "hh_bucket{le=\"+Inf\"} 4\n"
                + "hh_sum 10\n"
                + "hh_count 4\n"
                + "# HELP sm \n"
                + "# HELP sm A summary.\n"
                + "# TYPE sm summary\n"
                + "sm{x=\"1\",quantile=\"1e-07\"} 0.1\n"
                + "sm{x=\"1\",quantile=\"0.99\"} 123456\n"
                + "sm_sum{x=\"1\"} 1.7952543073579657e+09\n"
                + "sm_count{x=\"1\"} 1234567\n"
                + "u NaN\n"
                + "u +Inf\n";
        String expected = body.replace("# HELP sm \n", "")
                .replace("sm_count{x=\"1\"} 1234567", "sm_count{x=\"1\"} 1.234567e+06")
                .replace("u NaN\n", "# TYPE u untyped\nu NaN\n");
        Map<String, Metrics.MetricFamily> families = TextFormatParser.parse(body.getBytes(StandardCharsets.UTF_8));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Metrics.MetricFamily f : families.values()) {
            TextFormatWriter.writeHeader(out, f.getName(), f.hasHelp() ? f.getHelp() : null, f.getType());
            for (Metrics.Metric m : f.getMetricList()) {
                out.writeBytes(TextFormatWriter.renderSeries(f.getName(), f.getType(), m));
            }
        }
        assertEquals(expected, out.toString(StandardCharsets.UTF_8));
    }

    private static String header(String name, String help, Metrics.MetricType type) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TextFormatWriter.writeHeader(out, name, help, type);
        return out.toString(StandardCharsets.UTF_8);
    }

    private static String render(String name, Metrics.MetricType type, Metrics.Metric metric) {
        return new String(TextFormatWriter.renderSeries(name, type, metric), StandardCharsets.UTF_8);
    }

    private static Metrics.Metric.Builder metric(String... namesAndValues) {
        Metrics.Metric.Builder b = Metrics.Metric.newBuilder();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            b.addLabel(Metrics.LabelPair.newBuilder().setName(namesAndValues[i]).setValue(namesAndValues[i + 1]));
        }
        return b;
    }

    private static Metrics.Metric gauge(double v) {
        return Metrics.Metric.newBuilder()
                .setGauge(Metrics.Gauge.newBuilder().setValue(v))
                .build();
    }

    private static Metrics.Quantile.Builder q(double quantile, double value) {
        return Metrics.Quantile.newBuilder().setQuantile(quantile).setValue(value);
    }

    private static Metrics.Bucket.Builder bucket(double upperBound, long count) {
        return Metrics.Bucket.newBuilder().setUpperBound(upperBound).setCumulativeCount(count);
    }
}
