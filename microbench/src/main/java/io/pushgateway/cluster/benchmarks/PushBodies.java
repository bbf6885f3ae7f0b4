package io.pushgateway.cluster.benchmarks;

import io.prometheus.metrics.expositionformats.generated.Metrics;
import io.pushgateway.cluster.format.BodyParseException;
import io.pushgateway.cluster.format.TextFormatParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Push bodies shaped like a batch job's: families with HELP and TYPE, a few labels per series. */
final class PushBodies {
    private PushBodies() {}

    /** {@code families} families of {@code seriesPerFamily} series each, alternately counters and gauges. */
    static byte[] text(int families, int seriesPerFamily) {
        StringBuilder body = new StringBuilder();
        for (int f = 0; f < families; f++) {
            String name = "batch_job_metric_" + f + (f % 2 == 0 ? "_total" : "_seconds");
            body.append("# HELP ")
                    .append(name)
                    .append(" Something a batch job measured, number ")
                    .append(f)
                    .append(".\n");
            body.append("# TYPE ").append(name).append(f % 2 == 0 ? " counter\n" : " gauge\n");
            for (int s = 0; s < seriesPerFamily; s++) {
                body.append(name)
                        .append("{path=\"/api/v1/items/")
                        .append(s)
                        .append("\",status=\"")
                        .append(200 + s % 5)
                        .append("\",worker=\"w")
                        .append(s % 7)
                        .append("\"} ")
                        .append(s * 1.25 + f)
                        .append('\n');
            }
        }
        return body.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The same families as delimited protobuf messages, as the Go client pushes them. */
    static byte[] protobuf(byte[] text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            for (Metrics.MetricFamily family : parse(text).values()) {
                family.writeDelimitedTo(out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static Map<String, Metrics.MetricFamily> parse(byte[] text) {
        try {
            return TextFormatParser.parse(text);
        } catch (BodyParseException e) {
            throw new IllegalStateException("benchmark body does not parse", e);
        }
    }
}
