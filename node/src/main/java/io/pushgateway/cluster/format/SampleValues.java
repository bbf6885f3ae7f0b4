package io.pushgateway.cluster.format;

import io.prometheus.metrics.expositionformats.generated.Metrics;

/**
 * Stores one parsed sample value into its metric the way the Go text parser does for each family
 * type: a plain value for counter/gauge/untyped, and for summaries and histograms the count, sum,
 * quantile or bucket that the line stands for.
 */
final class SampleValues {
    private static final double TWO_63 = 0x1p63;

    private SampleValues() {}

    /**
     * @param quantile the line's {@code quantile} label value, NaN if none (summaries only)
     * @param bucket the line's {@code le} label value, NaN if none (histograms only)
     */
    static void apply(
            Metrics.MetricType type,
            Metrics.Metric.Builder metric,
            double value,
            boolean isCount,
            boolean isSum,
            double quantile,
            double bucket) {
        switch (type) {
            case COUNTER:
                metric.setCounter(Metrics.Counter.newBuilder().setValue(value));
                break;
            case GAUGE:
                metric.setGauge(Metrics.Gauge.newBuilder().setValue(value));
                break;
            case UNTYPED:
                metric.setUntyped(Metrics.Untyped.newBuilder().setValue(value));
                break;
            case SUMMARY:
                Metrics.Summary.Builder s = metric.getSummaryBuilder();
                if (isCount) {
                    s.setSampleCount(goUint64(value)); // 1.5.1 keeps this: 2.5 becomes 2
                } else if (isSum) {
                    s.setSampleSum(value);
                } else if (!Double.isNaN(quantile)) {
                    s.addQuantile(
                            Metrics.Quantile.newBuilder().setQuantile(quantile).setValue(value));
                }
                break;
            case HISTOGRAM:
            case GAUGE_HISTOGRAM:
                Metrics.Histogram.Builder h = metric.getHistogramBuilder();
                if (isCount) {
                    if (isFractional(value)) {
                        h.setSampleCountFloat(value);
                    } else {
                        h.setSampleCount(goUint64(value));
                    }
                } else if (isSum) {
                    h.setSampleSum(value);
                } else if (!Double.isNaN(bucket)) {
                    Metrics.Bucket.Builder b = Metrics.Bucket.newBuilder().setUpperBound(bucket);
                    if (isFractional(value)) {
                        b.setCumulativeCountFloat(value);
                    } else {
                        b.setCumulativeCount(goUint64(value));
                    }
                    h.addBucket(b);
                }
                break;
            default:
                throw new IllegalStateException("unexpected type " + type);
        }
    }

    /**
     * A count with a fraction is kept as a float histogram count, as the newest parser does. Every
     * other count (negative ones are refused before) takes Go's integer conversion as 1.5.1 stores
     * it: NaN, infinities and counts of 2^64 or more all become 2^63 there, and so here.
     */
    private static boolean isFractional(double v) {
        return Double.isFinite(v) && v != Math.floor(v);
    }

    /**
     * Go's {@code uint64(v)} as compiled for amd64 (the Go spec leaves out-of-range conversions to
     * the implementation): truncation toward zero below 2^63, and {@code int64(v - 2^63) | 1<<63}
     * above, where an out-of-range int64 conversion yields 1<<63. Negative values wrap
     * ({@code -1} becomes 2^64-1); NaN becomes 2^63.
     */
    static long goUint64(double v) {
        if (v < TWO_63) {
            return (long) v; // Java saturates to Long.MIN_VALUE below -2^63, as CVTTSD2SQ does
        }
        double y = v - TWO_63;
        long z = Double.isNaN(y) || y >= TWO_63 ? Long.MIN_VALUE : (long) y;
        return z | Long.MIN_VALUE;
    }
}
