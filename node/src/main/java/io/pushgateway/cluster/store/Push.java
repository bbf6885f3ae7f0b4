package io.pushgateway.cluster.store;

import io.prometheus.metrics.expositionformats.generated.Metrics;
import io.pushgateway.cluster.model.GroupKey;
import java.util.Map;

/**
 * A parsed push as the HTTP layer hands it over: the body's families by name, unsanitised.
 *
 * @param replace true for PUT (the group keeps only the pushed families), false for POST
 * @param pushNanos the server time at which the push arrived, in Unix nanoseconds; for an import,
 *     the group's push time at its source
 * @param ttlMillis how long the group lives without another successful push; 0 for ever
 * @param imported null for a push; for an import of a group from another gateway, the times it
 *     keeps. A refused import records no failure: it changes nothing.
 */
public record Push(
        GroupKey key,
        boolean replace,
        Map<String, Metrics.MetricFamily> families,
        long pushNanos,
        long ttlMillis,
        ImportedTimes imported) {
    public Push(
            GroupKey key, boolean replace, Map<String, Metrics.MetricFamily> families, long pushNanos, long ttlMillis) {
        this(key, replace, families, pushNanos, ttlMillis, null);
    }
}
