package io.pushgateway.cluster.format;

import io.prometheus.metrics.expositionformats.generated.Metrics;
import io.pushgateway.cluster.model.Names;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Objects;

/**
 * Renders metric families in the text format 0.0.4 byte for byte as Go's
 * {@code expfmt.MetricFamilyToText} does. Rendering is split into the family header and the lines
 * of one series so that a store can render each series once, cache the bytes and concatenate them
 * per scrape. Nothing is sorted here: labels, quantiles and buckets come out in the order given.
 *
 * <p>A metric or label name that breaks the classic rules (stored with {@code
 * --push.enable-utf8-names}, and not escaped for the scraper) is written quoted, as the newest Go
 * writer does: {@code {"my.metric","label.name"="v"} 1} and {@code # TYPE "my.metric" gauge}.
 *
 * <p>Go refuses a metric whose value field does not match the family type (and truncates the
 * scrape); this writer prints the missing value as 0 instead, so callers should validate first.
 */
public final class TextFormatWriter {
    private TextFormatWriter() {}

    /**
     * {@code # HELP name help} (only if help is non-null; an empty help still gives the line, with a
     * trailing blank) and {@code # TYPE name type}. A gauge histogram is typed {@code histogram}:
     * the text format has no other word for it.
     */
    public static void writeHeader(ByteArrayOutputStream out, String name, String help, Metrics.MetricType type) {
        Buffer b = new Buffer(2 * name.length() + (help == null ? 0 : help.length() + 16) + 32);
        if (help != null) {
            b.ascii("# HELP ");
            b.name(name);
            b.put(' ');
            b.escaped(help, false);
            b.put('\n');
        }
        b.ascii("# TYPE ");
        b.name(name);
        b.put(' ');
        b.ascii(typeName(type));
        b.put('\n');
        out.write(b.bytes, 0, b.len);
    }

    /**
     * All sample lines of one series: one line for counter, gauge and untyped; for a summary one
     * line per quantile, then {@code _sum} and {@code _count}; for a histogram one {@code _bucket}
     * line per bucket, a {@code le="+Inf"} bucket holding the count if no bucket has that bound,
     * then {@code _sum} and {@code _count}.
     */
    public static byte[] renderSeries(String name, Metrics.MetricType type, Metrics.Metric metric) {
        Objects.requireNonNull(type, "type");
        byte[] labels = renderLabels(metric);
        int lines = 1;
        if (type == Metrics.MetricType.SUMMARY) {
            lines = metric.getSummary().getQuantileCount() + 2;
        } else if (isHistogram(type)) {
            lines = metric.getHistogram().getBucketCount() + 3;
        }
        // Per line: name, suffix, labels, an le/quantile pair, value and timestamp.
        Buffer b = new Buffer(lines * (name.length() + labels.length + 96));
        Series s = new Series(b, name, labels, metric);
        switch (type) {
            case COUNTER:
                s.line("", metric.getCounter().getValue());
                break;
            case GAUGE:
                s.line("", metric.getGauge().getValue());
                break;
            case UNTYPED:
                s.line("", metric.getUntyped().getValue());
                break;
            case SUMMARY:
                Metrics.Summary summary = metric.getSummary();
                for (Metrics.Quantile q : summary.getQuantileList()) {
                    s.line("", "quantile", q.getQuantile(), q.getValue());
                }
                s.line("_sum", summary.getSampleSum());
                s.line("_count", unsignedToDouble(summary.getSampleCount()));
                break;
            case HISTOGRAM:
            case GAUGE_HISTOGRAM:
                Metrics.Histogram h = metric.getHistogram();
                double count = count(h.getSampleCount(), h.getSampleCountFloat());
                boolean infSeen = false;
                for (Metrics.Bucket bucket : h.getBucketList()) {
                    double bound = bucket.getUpperBound();
                    s.line(
                            "_bucket",
                            "le",
                            bound,
                            count(bucket.getCumulativeCount(), bucket.getCumulativeCountFloat()));
                    infSeen |= bound == Double.POSITIVE_INFINITY;
                }
                if (!infSeen) {
                    s.line("_bucket", "le", Double.POSITIVE_INFINITY, count);
                }
                s.line("_sum", h.getSampleSum());
                s.line("_count", count);
                break;
            default:
                throw new IllegalArgumentException("unknown metric type " + type);
        }
        return b.toByteArray();
    }

    private static String typeName(Metrics.MetricType type) {
        switch (Objects.requireNonNull(type, "type")) {
            case COUNTER:
                return "counter";
            case GAUGE:
                return "gauge";
            case SUMMARY:
                return "summary";
            case UNTYPED:
                return "untyped";
            case HISTOGRAM:
            case GAUGE_HISTOGRAM:
                return "histogram";
            default:
                throw new IllegalArgumentException("unknown metric type " + type);
        }
    }

    private static boolean isHistogram(Metrics.MetricType type) {
        return type == Metrics.MetricType.HISTOGRAM || type == Metrics.MetricType.GAUGE_HISTOGRAM;
    }

    /** {@code a="x",b="y"}, rendered once and repeated on every line of the series. */
    private static byte[] renderLabels(Metrics.Metric metric) {
        int n = metric.getLabelCount();
        if (n == 0) {
            return new byte[0];
        }
        Buffer b = new Buffer(n * 24);
        for (int i = 0; i < n; i++) {
            Metrics.LabelPair l = metric.getLabel(i);
            if (i > 0) {
                b.put(',');
            }
            b.name(l.getName());
            b.put('=');
            b.put('"');
            b.escaped(l.getValue(), true);
            b.put('"');
        }
        return b.toByteArray();
    }

    /**
     * A float histogram (counts in the float fields, integer fields zero) is rendered with its
     * float counts, as the newest Go version does.
     */
    private static double count(long intCount, double floatCount) {
        if (intCount == 0 && floatCount != 0) {
            return floatCount;
        }
        return unsignedToDouble(intCount);
    }

    /** Go's float64(uint64): proto uint64 fields arrive as Java longs. */
    private static double unsignedToDouble(long v) {
        if (v >= 0) {
            return v;
        }
        // Halve (keeping the lowest bit as a sticky bit so rounding stays correct), then double.
        return (double) ((v >>> 1) | (v & 1)) * 2.0;
    }

    /** The lines of one series, sharing name, rendered labels and timestamp. */
    private static final class Series {
        private final Buffer b;
        private final String name;
        private final byte[] labels;
        private final boolean hasTimestamp;
        private final long timestamp;
        /** A name outside the classic rules goes quoted inside the braces, suffix included. */
        private final boolean nameInBraces;

        Series(Buffer b, String name, byte[] labels, Metrics.Metric metric) {
            this.b = b;
            this.name = name;
            this.nameInBraces = !Names.isValidMetricName(name);
            this.labels = labels;
            this.hasTimestamp = metric.hasTimestampMs();
            this.timestamp = metric.getTimestampMs();
        }

        void line(String suffix, double value) {
            if (nameInBraces) {
                b.put('{');
                b.quoted(name + suffix);
                if (labels.length > 0) {
                    b.put(',');
                    b.put(labels);
                }
                b.put('}');
            } else {
                b.utf8(name);
                b.ascii(suffix);
                if (labels.length > 0) {
                    b.put('{');
                    b.put(labels);
                    b.put('}');
                }
            }
            end(value);
        }

        /** A line with one more label after the series' own ones, as Go appends le/quantile. */
        void line(String suffix, String extraName, double extraValue, double value) {
            if (nameInBraces) {
                b.put('{');
                b.quoted(name + suffix);
                b.put(',');
            } else {
                b.utf8(name);
                b.ascii(suffix);
                b.put('{');
            }
            if (labels.length > 0) {
                b.put(labels);
                b.put(',');
            }
            b.ascii(extraName);
            b.put('=');
            b.put('"');
            b.goFloat(extraValue);
            b.put('"');
            b.put('}');
            end(value);
        }

        private void end(double value) {
            b.put(' ');
            b.goFloat(value);
            if (hasTimestamp) {
                b.put(' ');
                b.ascii(Long.toString(timestamp));
            }
            b.put('\n');
        }
    }

    /** An unsynchronised growable byte array that encodes Java strings as UTF-8 directly. */
    private static final class Buffer {
        byte[] bytes;
        int len;

        Buffer(int capacity) {
            bytes = new byte[Math.max(capacity, 16)];
        }

        byte[] toByteArray() {
            return len == bytes.length ? bytes : Arrays.copyOf(bytes, len);
        }

        private void ensure(int extra) {
            if (len + extra > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, len + extra));
            }
        }

        void put(int c) {
            ensure(1);
            bytes[len++] = (byte) c;
        }

        void put(byte[] b) {
            ensure(b.length);
            System.arraycopy(b, 0, bytes, len, b.length);
            len += b.length;
        }

        void ascii(String s) {
            ensure(s.length());
            for (int i = 0; i < s.length(); i++) {
                bytes[len++] = (byte) s.charAt(i);
            }
        }

        void goFloat(double v) {
            ensure(GoFloat.MAX_LENGTH);
            len = GoFloat.write(v, bytes, len);
        }

        void utf8(String s) {
            escaped(s, false, false);
        }

        /** A metric or label name: as it is if classic, else quoted with {@code \\ " \n} escaped. */
        void name(String s) {
            if (Names.isValidMetricName(s)) {
                utf8(s);
            } else {
                quoted(s);
            }
        }

        void quoted(String s) {
            put('"');
            escaped(s, true, true);
            put('"');
        }

        /** Help: {@code \} and newline escaped; label values: also {@code "}. */
        void escaped(String s, boolean quotes) {
            escaped(s, true, quotes);
        }

        private void escaped(String s, boolean escape, boolean quotes) {
            int n = s.length();
            ensure(n);
            for (int i = 0; i < n; i++) {
                char c = s.charAt(i);
                if (c < 0x80) {
                    if (escape && (c == '\\' || c == '\n' || (quotes && c == '"'))) {
                        ensure(n - i + 1);
                        bytes[len++] = '\\';
                        bytes[len++] = (byte) (c == '\n' ? 'n' : c);
                    } else {
                        bytes[len++] = (byte) c;
                    }
                    continue;
                }
                ensure(n - i + 3);
                if (c < 0x800) {
                    bytes[len++] = (byte) (0xC0 | c >> 6);
                    bytes[len++] = (byte) (0x80 | (c & 0x3F));
                } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                    int cp = Character.toCodePoint(c, s.charAt(++i));
                    bytes[len++] = (byte) (0xF0 | cp >> 18);
                    bytes[len++] = (byte) (0x80 | (cp >> 12 & 0x3F));
                    bytes[len++] = (byte) (0x80 | (cp >> 6 & 0x3F));
                    bytes[len++] = (byte) (0x80 | (cp & 0x3F));
                } else if (Character.isSurrogate(c)) {
                    bytes[len++] = '?'; // unpaired surrogate, as String.getBytes(UTF_8) does
                } else {
                    bytes[len++] = (byte) (0xE0 | c >> 12);
                    bytes[len++] = (byte) (0x80 | (c >> 6 & 0x3F));
                    bytes[len++] = (byte) (0x80 | (c & 0x3F));
                }
            }
        }
    }
}
