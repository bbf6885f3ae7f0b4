package io.pushgateway.cluster.store.hazelcast;

import io.prometheus.metrics.expositionformats.generated.Metrics;
import io.pushgateway.cluster.model.GroupKey;
import io.pushgateway.cluster.store.Group;
import io.pushgateway.cluster.store.StoredFamily;
import java.util.Map;
import java.util.SortedMap;

/**
 * Builds stored groups for the scrape benchmarks, with their series labelled as a push stores them;
 * the constructor of Group and the sanitizer are the store's own.
 */
public final class BenchmarkGroups {
    private BenchmarkGroups() {}

    public static Group group(
            GroupKey key, long version, long pushTimeNanos, Map<String, Metrics.MetricFamily> families) {
        SortedMap<String, StoredFamily> map = Group.newFamilyMap();
        families.forEach((name, family) ->
                map.put(name, new StoredFamily(SeriesSanitizer.sanitize(family, key), pushTimeNanos)));
        return new Group(key, map, pushTimeNanos, 0, version, false);
    }
}
