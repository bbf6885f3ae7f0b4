package io.pushgateway.cluster.store.replica;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.prometheus.metrics.expositionformats.generated.Metrics;
import io.pushgateway.cluster.model.GroupKey;
import io.pushgateway.cluster.store.Group;
import io.pushgateway.cluster.store.ReplicaListener;
import io.pushgateway.cluster.store.StoredFamily;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import org.junit.jupiter.api.Test;

/**
 * Every version of a group read from the map brings its own copy of the key. The replica keeps the
 * first copy for the group's whole life and hands that one to its listeners (the scrape cache), so
 * a group changed many times holds one key, not one per structure that saw another version.
 */
class LocalReplicaKeyTest {
    @Test
    void laterVersionsOfAGroupShareTheFirstKeyInstance() {
        LocalReplica replica = new LocalReplica();
        List<GroupKey> keysSeen = new ArrayList<>();
        ReplicaListener cache = (before, after) -> keysSeen.add(after.key());
        replica.addListener(cache);
        GroupKey first = GroupKey.of("job", "batch", "instance", "a");
        GroupKey copy = GroupKey.of("job", "batch", "instance", "a");
        assertNotSame(first, copy);

        replica.apply(group(first, 1, 1.0));
        replica.apply(group(copy, 2, 2.0));

        Group held = replica.get(copy);
        assertEquals(2, held.version());
        assertEquals(
                2.0, held.families().get("m").family().getMetric(0).getGauge().getValue());
        assertSame(first, held.key());
        assertEquals(List.of(first, first), keysSeen);
        assertSame(first, keysSeen.get(1));
    }

    private static Group group(GroupKey key, long version, double value) {
        SortedMap<String, StoredFamily> families = Group.newFamilyMap();
        families.put(
                "m",
                new StoredFamily(
                        Metrics.MetricFamily.newBuilder()
                                .setName("m")
                                .setType(Metrics.MetricType.GAUGE)
                                .addMetric(Metrics.Metric.newBuilder()
                                        .addLabel(Metrics.LabelPair.newBuilder()
                                                .setName("instance")
                                                .setValue("a"))
                                        .addLabel(Metrics.LabelPair.newBuilder()
                                                .setName("job")
                                                .setValue("batch"))
                                        .setGauge(Metrics.Gauge.newBuilder().setValue(value)))
                                .build(),
                        version));
        return new Group(key, families, version, 0, version, false);
    }
}
