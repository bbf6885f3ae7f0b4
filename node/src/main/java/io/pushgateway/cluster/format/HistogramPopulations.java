package io.pushgateway.cluster.format;

import io.prometheus.metrics.expositionformats.generated.Metrics;
import java.util.List;

/**
 * Refuses histograms with a negative observation count or bucket population, as the newest
 * Pushgateway's parsers do. The Pushgateway 1.5.1 stores {@code -7} as the unsigned 2^64-7 instead,
 * and Prometheus then sees an absurd histogram; there is no sensible value to store.
 *
 * <p>Integer protobuf fields are unsigned and cannot be negative; what can be is a float count, and
 * the running sum of a native histogram's bucket deltas.
 */
final class HistogramPopulations {
    private HistogramPopulations() {}

    static String negativeCount(String family, double value) {
        return "histogram \"" + family + "\" has a negative observation count: " + GoFloat.format(value);
    }

    static String negativeBucket(String family, double value) {
        return "histogram \"" + family + "\" has a negative bucket population: " + GoFloat.format(value);
    }

    /** The first negative count of a protobuf histogram family, as a message, or null if none. */
    static String firstNegative(Metrics.MetricFamily family) {
        if (family.getType() != Metrics.MetricType.HISTOGRAM
                && family.getType() != Metrics.MetricType.GAUGE_HISTOGRAM) {
            return null;
        }
        String name = family.getName();
        for (Metrics.Metric metric : family.getMetricList()) {
            Metrics.Histogram h = metric.getHistogram();
            if (h.getSampleCountFloat() < 0) {
                return negativeCount(name, h.getSampleCountFloat());
            }
            for (Metrics.Bucket bucket : h.getBucketList()) {
                if (bucket.getCumulativeCountFloat() < 0) {
                    return negativeBucket(name, bucket.getCumulativeCountFloat());
                }
            }
            Double negative = firstNegative(
                    h.getZeroCountFloat(),
                    h.getNegativeCountList(),
                    h.getPositiveCountList(),
                    h.getNegativeDeltaList(),
                    h.getPositiveDeltaList());
            if (negative != null) {
                return negativeBucket(name, negative);
            }
        }
        return null;
    }

    private static Double firstNegative(
            double zeroCount,
            List<Double> negativeCounts,
            List<Double> positiveCounts,
            List<Long> negativeDeltas,
            List<Long> positiveDeltas) {
        if (zeroCount < 0) {
            return zeroCount;
        }
        for (List<Double> counts : List.of(negativeCounts, positiveCounts)) {
            for (double count : counts) {
                if (count < 0) {
                    return count;
                }
            }
        }
        for (List<Long> deltas : List.of(negativeDeltas, positiveDeltas)) {
            // Integer buckets are deltas to the previous bucket; the population is their running sum.
            long population = 0;
            for (long delta : deltas) {
                population += delta;
                if (population < 0) {
                    return (double) population;
                }
            }
        }
        return null;
    }
}
