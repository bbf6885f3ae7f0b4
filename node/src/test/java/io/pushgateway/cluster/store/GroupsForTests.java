package io.pushgateway.cluster.store;

import io.prometheus.metrics.expositionformats.generated.Metrics;
import io.pushgateway.cluster.model.GroupKey;
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
}
