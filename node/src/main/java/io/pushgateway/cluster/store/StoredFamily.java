package io.pushgateway.cluster.store;

import io.prometheus.metrics.expositionformats.generated.Metrics;

/**
 * A metric family as a group holds it: labels already sanitised (grouping labels applied,
 * {@code instance} present, sorted), and the time of the push that stored it.
 */
public record StoredFamily(Metrics.MetricFamily family, long pushTimeNanos) {
    public String name() {
        return family.getName();
    }
}
