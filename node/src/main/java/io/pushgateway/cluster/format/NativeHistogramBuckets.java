package io.pushgateway.cluster.format;

import io.prometheus.metrics.expositionformats.generated.Metrics;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The populated buckets of a native histogram with their boundaries, as Prometheus' histogram
 * model iterates them: negative buckets from the most negative up, the zero bucket if it holds
 * anything, then the positive buckets; empty buckets are left out.
 */
public final class NativeHistogramBuckets {
    /** How a bucket's ends belong to it: upstream's codes in its JSON API. */
    public static final int LEFT_OPEN = 0;

    public static final int RIGHT_OPEN = 1;
    public static final int CLOSED = 3;

    /**
     * One bucket: {@code boundaries} is one of the codes above; the count is a {@code Long} for
     * integer histograms (unsigned, as Go's uint64) and a {@code Double} for float histograms.
     */
    public record Bucket(int boundaries, double lower, double upper, Number count) {}

    private static final double[] SCHEMA_8_BOUNDS = loadBounds();

    private NativeHistogramBuckets() {}

    /** Whether a histogram carries native buckets: upstream's test, at least one span. */
    public static boolean isNative(Metrics.Histogram h) {
        return h.getPositiveSpanCount() + h.getNegativeSpanCount() > 0;
    }

    /**
     * A float histogram keeps absolute counts in the float fields; upstream takes a histogram for
     * one when its float sample count or float zero count is positive.
     */
    public static boolean isFloat(Metrics.Histogram h) {
        return h.getSampleCountFloat() > 0 || h.getZeroCountFloat() > 0;
    }

    public static List<Bucket> of(Metrics.Histogram h) {
        boolean floats = isFloat(h);
        int schema = h.getSchema();
        List<Bucket> result = new ArrayList<>();
        List<? extends Number> negative = floats ? h.getNegativeCountList() : absolute(h.getNegativeDeltaList());
        List<Bucket> negatives = new ArrayList<>();
        forEachBucket(
                h.getNegativeSpanList(),
                negative,
                (index, count) ->
                        negatives.add(new Bucket(RIGHT_OPEN, -bound(index, schema), -bound(index - 1, schema), count)));
        Collections.reverse(negatives);
        result.addAll(negatives);
        Number zeroCount = floats ? (Number) h.getZeroCountFloat() : (Number) h.getZeroCount();
        if (zeroCount.doubleValue() != 0) {
            result.add(new Bucket(CLOSED, -h.getZeroThreshold(), h.getZeroThreshold(), zeroCount));
        }
        List<? extends Number> positive = floats ? h.getPositiveCountList() : absolute(h.getPositiveDeltaList());
        forEachBucket(
                h.getPositiveSpanList(),
                positive,
                (index, count) ->
                        result.add(new Bucket(LEFT_OPEN, bound(index - 1, schema), bound(index, schema), count)));
        return result;
    }

    private interface BucketConsumer {
        void accept(int index, Number count);
    }

    /** Walks the spans: each offset is the gap after the previous span (for the first: the start index). */
    private static void forEachBucket(
            List<Metrics.BucketSpan> spans, List<? extends Number> counts, BucketConsumer consumer) {
        int index = 0;
        int position = 0;
        for (int s = 0; s < spans.size(); s++) {
            Metrics.BucketSpan span = spans.get(s);
            index += span.getOffset();
            for (int i = 0; i < span.getLength() && position < counts.size(); i++, position++, index++) {
                Number count = counts.get(position);
                if (count.doubleValue() != 0) {
                    consumer.accept(index, count);
                }
            }
        }
    }

    /** Integer histograms carry each bucket as the difference to the one before. */
    private static List<Long> absolute(List<Long> deltas) {
        List<Long> counts = new ArrayList<>(deltas.size());
        long current = 0;
        for (long delta : deltas) {
            current += delta;
            counts.add(current);
        }
        return counts;
    }

    /** The upper bound of bucket {@code index} at {@code schema}, computed as Prometheus does. */
    static double bound(int index, int schema) {
        if (schema < 0) {
            long exponent = (long) index << -schema;
            return exponent == 1024
                    ? Double.MAX_VALUE
                    : Math.scalb(1.0, (int) Math.max(-2000, Math.min(2000, exponent)));
        }
        if (schema > 8) {
            // Beyond the schemas Prometheus defines; no tabulated bound to match.
            return Math.pow(2, index / Math.pow(2, schema));
        }
        int fractionIndex = index & ((1 << schema) - 1);
        double fraction = SCHEMA_8_BOUNDS[fractionIndex << (8 - schema)];
        int exponent = (index >> schema) + 1;
        if (fraction == 0.5 && exponent == 1025) {
            return Double.MAX_VALUE;
        }
        return Math.scalb(fraction, exponent);
    }

    private static double[] loadBounds() {
        InputStream in = NativeHistogramBuckets.class.getResourceAsStream("native-histogram-bounds.txt");
        if (in == null) {
            throw new IllegalStateException("native-histogram-bounds.txt missing from the jar");
        }
        List<Double> values = new ArrayList<>(256);
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.startsWith("#") || line.isBlank()) {
                    continue;
                }
                for (String value : line.trim().split("\\s+")) {
                    values.add(Double.parseDouble(value));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (values.size() != 256) {
            throw new IllegalStateException("native-histogram-bounds.txt has " + values.size() + " bounds, not 256");
        }
        double[] bounds = new double[256];
        for (int i = 0; i < 256; i++) {
            bounds[i] = values.get(i);
        }
        return bounds;
    }
}
