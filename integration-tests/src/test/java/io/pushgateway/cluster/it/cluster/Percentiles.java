package io.pushgateway.cluster.it.cluster;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;

/** p50, p99 and max of durations measured in nanoseconds, printed in milliseconds. */
public record Percentiles(int count, double p50Millis, double p99Millis, double maxMillis) {

    public static Percentiles of(Collection<Long> nanos) {
        if (nanos.isEmpty()) {
            return new Percentiles(0, Double.NaN, Double.NaN, Double.NaN);
        }
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        return new Percentiles(
                sorted.size(),
                millis(rank(sorted, 0.50)),
                millis(rank(sorted, 0.99)),
                millis(sorted.get(sorted.size() - 1)));
    }

    /** Nearest-rank percentile. */
    private static long rank(List<Long> sorted, double quantile) {
        int index = (int) Math.ceil(quantile * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    private static double millis(long nanos) {
        return nanos / 1e6;
    }

    @Override
    public String toString() {
        return String.format("n=%d p50=%.1f ms p99=%.1f ms max=%.1f ms", count, p50Millis, p99Millis, maxMillis);
    }
}
