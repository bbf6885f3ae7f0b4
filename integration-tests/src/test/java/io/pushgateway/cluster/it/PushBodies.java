package io.pushgateway.cluster.it;

import io.prometheus.metrics.expositionformats.generated.Metrics;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;

/** Builds push bodies that are not plain text: delimited protobuf and gzip. */
final class PushBodies {

    private PushBodies() {}

    /** Length-delimited {@code MetricFamily} messages, as a client sends them. */
    static byte[] delimited(Metrics.MetricFamily... families) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            for (Metrics.MetricFamily family : families) {
                family.writeDelimitedTo(out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The body without its last {@code cut} bytes: a message whose length prefix lies. */
    static byte[] truncated(byte[] body, int cut) {
        return Arrays.copyOf(body, body.length - cut);
    }

    static byte[] gzip(String text) {
        return gzip(text.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] gzip(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static Metrics.MetricFamily.Builder family(String name, Metrics.MetricType type) {
        return Metrics.MetricFamily.newBuilder().setName(name).setType(type);
    }

    /** A metric with the given labels, given as name, value, name, value, ... */
    static Metrics.Metric.Builder metric(String... labelPairs) {
        Metrics.Metric.Builder metric = Metrics.Metric.newBuilder();
        for (int i = 0; i < labelPairs.length; i += 2) {
            metric.addLabel(
                    Metrics.LabelPair.newBuilder().setName(labelPairs[i]).setValue(labelPairs[i + 1]));
        }
        return metric;
    }

    static Metrics.Metric gaugeMetric(double value, String... labelPairs) {
        return metric(labelPairs)
                .setGauge(Metrics.Gauge.newBuilder().setValue(value))
                .build();
    }

    static Metrics.Metric counterMetric(double value, String... labelPairs) {
        return metric(labelPairs)
                .setCounter(Metrics.Counter.newBuilder().setValue(value))
                .build();
    }

    static Metrics.Metric untypedMetric(double value, String... labelPairs) {
        return metric(labelPairs)
                .setUntyped(Metrics.Untyped.newBuilder().setValue(value))
                .build();
    }

    static Metrics.MetricFamily gauge(String name, double value, String... labelPairs) {
        return family(name, Metrics.MetricType.GAUGE)
                .addMetric(gaugeMetric(value, labelPairs))
                .build();
    }

    static Metrics.MetricFamily counter(String name, double value, String... labelPairs) {
        return family(name, Metrics.MetricType.COUNTER)
                .addMetric(counterMetric(value, labelPairs))
                .build();
    }

    static Metrics.Bucket bucket(double upperBound, long cumulativeCount) {
        return Metrics.Bucket.newBuilder()
                .setUpperBound(upperBound)
                .setCumulativeCount(cumulativeCount)
                .build();
    }

    static Metrics.Quantile quantile(double quantile, double value) {
        return Metrics.Quantile.newBuilder()
                .setQuantile(quantile)
                .setValue(value)
                .build();
    }
}
