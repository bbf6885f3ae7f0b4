package io.pushgateway.cluster.store.hazelcast;

import io.prometheus.metrics.expositionformats.generated.Metrics;
import io.pushgateway.cluster.model.GroupKey;
import io.pushgateway.cluster.store.Group;
import io.pushgateway.cluster.store.OwnFamilies;
import io.pushgateway.cluster.store.StoredFamily;
import io.pushgateway.cluster.store.check.ConsistencyCheck;
import io.pushgateway.cluster.store.replica.FamilyIndex;
import java.util.Map;
import java.util.SortedMap;

/** Builds groups for tests of other packages; the constructor of Group is the store's own. */
public final class GroupsForTests {
    private GroupsForTests() {}

    public static Group group(GroupKey key, long version, Map<String, Metrics.MetricFamily> families) {
        SortedMap<String, StoredFamily> map = Group.newFamilyMap();
        families.forEach((name, family) -> map.put(name, new StoredFamily(family, 1)));
        return new Group(key, map, 1_700_000_000_000_000_000L, 0, version, false);
    }

    /** The group a push of these families to {@code key} stores once the store has sanitised it. */
    public static Group pushed(GroupKey key, Map<String, Metrics.MetricFamily> families) {
        return pushed(key, 1, families);
    }

    /** The group at {@code version} as a push of these families to {@code key} stores it. */
    public static Group pushed(GroupKey key, long version, Map<String, Metrics.MetricFamily> families) {
        Map<String, Metrics.MetricFamily> sanitized = new java.util.LinkedHashMap<>();
        families.forEach((name, family) -> sanitized.put(name, SeriesSanitizer.sanitize(family, key)));
        return group(key, version, sanitized);
    }

    /** The consistency check's verdict on a push to an empty store (empty: accepted). */
    public static java.util.List<String> checkAgainstEmptyStore(
            GroupKey key, Map<String, Metrics.MetricFamily> families) {
        Map<String, Metrics.MetricFamily> sanitized = new java.util.LinkedHashMap<>();
        families.forEach((name, family) -> sanitized.put(name, SeriesSanitizer.sanitize(family, key)));
        return new ConsistencyCheck(OwnFamilies.NONE).check(new FamilyIndex(), sanitized, true, null, key);
    }

    /** A family of one series of {@code type} (counter or gauge), with these label pairs. */
    public static Metrics.MetricFamily family(String name, Metrics.MetricType type, double value, String... labels) {
        Metrics.Metric.Builder metric = Metrics.Metric.newBuilder();
        for (int i = 0; i < labels.length; i += 2) {
            metric.addLabel(Metrics.LabelPair.newBuilder().setName(labels[i]).setValue(labels[i + 1]));
        }
        switch (type) {
            case COUNTER -> metric.setCounter(Metrics.Counter.newBuilder().setValue(value));
            case GAUGE -> metric.setGauge(Metrics.Gauge.newBuilder().setValue(value));
            default -> throw new IllegalArgumentException("only counters and gauges: " + type);
        }
        return Metrics.MetricFamily.newBuilder()
                .setName(name)
                .setType(type)
                .addMetric(metric)
                .build();
    }
}
