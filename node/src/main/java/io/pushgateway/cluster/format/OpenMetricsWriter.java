package io.pushgateway.cluster.format;

import io.prometheus.metrics.expositionformats.generated.Metrics;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Renders metric families in the OpenMetrics text format (1.0.0; also served for 0.0.1, which
 * differs only in its version string), the way Go's {@code expfmt} does, with {@code _created},
 * {@code # UNIT} and gauge histograms added.
 *
 * <p>Series keep the names they have in the text format 0.0.4, so a Prometheus that switches
 * between the two formats keeps its series: a counter family {@code x_total} is announced as
 * {@code x} with samples {@code x_total}; a counter whose name lacks {@code _total} is typed
 * {@code unknown} rather than renamed. Histograms show their classic buckets only (OpenMetrics
 * 1.0 has no native histograms). Numbers follow OpenMetrics: floats always have a dot or an
 * exponent ({@code 1.0}, also in {@code le} and {@code quantile}), counts are integers.
 */
public final class OpenMetricsWriter {
    private static final String TOTAL = "_total";

    private OpenMetricsWriter() {}

    /** Every family, then the final {@code # EOF}. */
    public static void write(ByteArrayOutputStream out, List<Metrics.MetricFamily> families) {
        StringBuilder b = new StringBuilder(4096);
        for (Metrics.MetricFamily family : families) {
            writeFamily(b, family);
        }
        b.append("# EOF\n");
        out.writeBytes(b.toString().getBytes(StandardCharsets.UTF_8));
    }

    static void writeFamily(StringBuilder b, Metrics.MetricFamily family) {
        if (family.getMetricCount() == 0) {
            return;
        }
        String name = family.getName();
        Metrics.MetricType type = family.getType();
        boolean total = type == Metrics.MetricType.COUNTER && name.endsWith(TOTAL);
        String familyName = total ? name.substring(0, name.length() - TOTAL.length()) : name;
        if (family.hasHelp()) {
            b.append("# HELP ").append(familyName).append(' ');
            escape(b, family.getHelp());
            b.append('\n');
        }
        b.append("# TYPE ")
                .append(familyName)
                .append(' ')
                .append(typeName(type, total))
                .append('\n');
        String unit = family.getUnit();
        // OpenMetrics requires the family name to end with the unit; a unit that does not fit is left out.
        if (!unit.isEmpty() && familyName.endsWith("_" + unit)) {
            b.append("# UNIT ").append(familyName).append(' ').append(unit).append('\n');
        }
        for (Metrics.Metric metric : family.getMetricList()) {
            writeSeries(b, familyName, name, type, total, metric);
        }
    }

    private static String typeName(Metrics.MetricType type, boolean total) {
        return switch (type) {
            case COUNTER -> total ? "counter" : "unknown";
            case GAUGE -> "gauge";
            case SUMMARY -> "summary";
            case HISTOGRAM -> "histogram";
            case GAUGE_HISTOGRAM -> "gaugehistogram";
            default -> "unknown";
        };
    }

    private static void writeSeries(
            StringBuilder b,
            String familyName,
            String name,
            Metrics.MetricType type,
            boolean total,
            Metrics.Metric metric) {
        switch (type) {
            case COUNTER -> {
                Metrics.Counter counter = metric.getCounter();
                sample(
                        b,
                        name,
                        metric,
                        null,
                        0,
                        float64(counter.getValue()),
                        counter.hasExemplar() ? counter.getExemplar() : null);
                if (total && counter.hasCreatedTimestamp()) {
                    created(
                            b,
                            familyName,
                            metric,
                            counter.getCreatedTimestamp().getSeconds(),
                            counter.getCreatedTimestamp().getNanos());
                }
            }
            case GAUGE ->
                sample(b, name, metric, null, 0, float64(metric.getGauge().getValue()), null);
            case SUMMARY -> {
                Metrics.Summary summary = metric.getSummary();
                for (Metrics.Quantile q : summary.getQuantileList()) {
                    sample(b, name, metric, "quantile", q.getQuantile(), float64(q.getValue()), null);
                }
                sample(b, name + "_sum", metric, null, 0, float64(summary.getSampleSum()), null);
                sample(b, name + "_count", metric, null, 0, Long.toUnsignedString(summary.getSampleCount()), null);
                if (summary.hasCreatedTimestamp()) {
                    created(
                            b,
                            name,
                            metric,
                            summary.getCreatedTimestamp().getSeconds(),
                            summary.getCreatedTimestamp().getNanos());
                }
            }
            case HISTOGRAM, GAUGE_HISTOGRAM -> writeHistogram(b, name, type, metric);
            default ->
                sample(b, name, metric, null, 0, float64(metric.getUntyped().getValue()), null);
        }
    }

    private static void writeHistogram(StringBuilder b, String name, Metrics.MetricType type, Metrics.Metric metric) {
        Metrics.Histogram h = metric.getHistogram();
        boolean floats = h.getSampleCount() == 0 && h.getSampleCountFloat() != 0;
        String count = floats ? float64(h.getSampleCountFloat()) : Long.toUnsignedString(h.getSampleCount());
        boolean infSeen = false;
        for (Metrics.Bucket bucket : h.getBucketList()) {
            String cumulative = bucket.getCumulativeCount() == 0 && bucket.getCumulativeCountFloat() != 0
                    ? float64(bucket.getCumulativeCountFloat())
                    : Long.toUnsignedString(bucket.getCumulativeCount());
            sample(
                    b,
                    name + "_bucket",
                    metric,
                    "le",
                    bucket.getUpperBound(),
                    cumulative,
                    bucket.hasExemplar() ? bucket.getExemplar() : null);
            infSeen |= bucket.getUpperBound() == Double.POSITIVE_INFINITY;
        }
        if (!infSeen) {
            sample(b, name + "_bucket", metric, "le", Double.POSITIVE_INFINITY, count, null);
        }
        boolean gauge = type == Metrics.MetricType.GAUGE_HISTOGRAM;
        sample(b, name + (gauge ? "_gsum" : "_sum"), metric, null, 0, float64(h.getSampleSum()), null);
        sample(b, name + (gauge ? "_gcount" : "_count"), metric, null, 0, count, null);
        if (!gauge && h.hasCreatedTimestamp()) {
            created(
                    b,
                    name,
                    metric,
                    h.getCreatedTimestamp().getSeconds(),
                    h.getCreatedTimestamp().getNanos());
        }
    }

    private static void created(StringBuilder b, String familyName, Metrics.Metric metric, long seconds, int nanos) {
        sample(b, familyName + "_created", metric, null, 0, float64(seconds(seconds, nanos)), null);
    }

    private static void sample(
            StringBuilder b,
            String name,
            Metrics.Metric metric,
            String extraLabel,
            double extraValue,
            String value,
            Metrics.Exemplar exemplar) {
        b.append(name);
        labels(b, metric.getLabelList(), extraLabel, extraValue);
        b.append(' ').append(value);
        if (exemplar != null) {
            b.append(" # ");
            labels(b, exemplar.getLabelList(), null, 0);
            if (exemplar.getLabelCount() == 0) {
                b.append("{}");
            }
            b.append(' ').append(float64(exemplar.getValue()));
            if (exemplar.hasTimestamp()) {
                b.append(' ')
                        .append(float64(seconds(
                                exemplar.getTimestamp().getSeconds(),
                                exemplar.getTimestamp().getNanos())));
            }
        }
        b.append('\n');
    }

    private static void labels(StringBuilder b, List<Metrics.LabelPair> pairs, String extraLabel, double extraValue) {
        if (pairs.isEmpty() && extraLabel == null) {
            return;
        }
        char separator = '{';
        for (Metrics.LabelPair pair : pairs) {
            b.append(separator).append(pair.getName()).append("=\"");
            escape(b, pair.getValue());
            b.append('"');
            separator = ',';
        }
        if (extraLabel != null) {
            b.append(separator)
                    .append(extraLabel)
                    .append("=\"")
                    .append(float64(extraValue))
                    .append('"');
        }
        b.append('}');
    }

    /** Backslash, double quote and newline are escaped in label values and help alike. */
    private static void escape(StringBuilder b, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> b.append("\\\\");
                case '"' -> b.append("\\\"");
                case '\n' -> b.append("\\n");
                default -> b.append(c);
            }
        }
    }

    /** Go's shortest float, with {@code .0} added where it would read as an integer. */
    static String float64(double v) {
        String s = GoFloat.format(v);
        if (Double.isNaN(v) || Double.isInfinite(v) || s.indexOf('.') >= 0 || s.indexOf('e') >= 0) {
            return s;
        }
        return s + ".0";
    }

    private static double seconds(long seconds, int nanos) {
        return seconds + nanos / 1e9;
    }
}
