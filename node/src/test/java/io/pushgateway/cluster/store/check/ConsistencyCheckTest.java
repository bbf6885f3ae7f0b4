package io.pushgateway.cluster.store.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prometheus.metrics.expositionformats.generated.Metrics;
import io.pushgateway.cluster.model.GroupKey;
import io.pushgateway.cluster.store.Group;
import io.pushgateway.cluster.store.OwnFamilies;
import io.pushgateway.cluster.store.StoredFamily;
import io.pushgateway.cluster.store.replica.FamilyIndex;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import org.junit.jupiter.api.Test;

class ConsistencyCheckTest {
    private final FamilyIndex index = new FamilyIndex();
    private final Map<GroupKey, Group> stored = new java.util.HashMap<>();
    private final ConsistencyCheck check = new ConsistencyCheck(new OwnFamilies() {
        @Override
        public Metrics.MetricType typeOf(String name) {
            return name.equals("own_gauge") ? Metrics.MetricType.GAUGE : null;
        }

        @Override
        public String helpOf(String name) {
            return null;
        }
    });

    @Test
    void sameTypeInAnotherGroupIsFine() {
        store(GroupKey.of("job", "a"), gauge("m", "a"));
        assertEquals(List.of(), check(GroupKey.of("job", "b"), false, gauge("m", "b")));
    }

    @Test
    void otherTypeInAnotherGroupIsRejected() {
        store(GroupKey.of("job", "a"), gauge("m", "a"));
        List<String> errors = check(GroupKey.of("job", "b"), false, counter("m", "b"));
        assertEquals(1, errors.size());
        assertTrue(errors.get(0).endsWith("is not a GAUGE"), errors.get(0));
    }

    @Test
    void aGroupMayChangeTheTypeOfAFamilyOnlyItHolds() {
        Group a = store(GroupKey.of("job", "a"), gauge("m", "a"));
        assertEquals(List.of(), check(a.key(), false, counter("m", "a")));
    }

    @Test
    void removedGroupsNoLongerConstrain() {
        Group a = store(GroupKey.of("job", "a"), gauge("m", "a"));
        index.remove(a);
        stored.remove(a.key());
        assertEquals(List.of(), check(GroupKey.of("job", "b"), false, counter("m", "b")));
    }

    @Test
    void seriesHeldByAnotherGroupIsADuplicate() {
        // The body named instance "x" in group {job=a}; the URL names it in group {job=a,instance=x}.
        store(GroupKey.of("job", "a"), gauge("m", "a", "x"));
        List<String> errors = check(GroupKey.of("job", "a", "instance", "x"), false, gauge("m", "a", "x"));
        assertEquals(1, errors.size());
        assertTrue(errors.get(0).endsWith("was collected before with the same name and label values"));
    }

    @Test
    void aSeriesHeldTwiceStaysTakenUntilBothGroupsLetGo() {
        // Only pushes without the check can store one series in two groups; the index must count both.
        Group a = store(GroupKey.of("job", "a"), gauge("m", "a", "x"));
        Group b = store(GroupKey.of("job", "a", "instance", "x"), gauge("m", "a", "x"));
        GroupKey third = GroupKey.of("job", "a", "instance", "x", "zone", "z");
        index.remove(a);
        assertEquals(1, check(third, false, gauge("m", "a", "x")).size(), "b still holds the series");
        index.remove(b);
        assertEquals(List.of(), check(third, false, gauge("m", "a", "x")));
    }

    @Test
    void ownFamiliesKeepTheirType() {
        assertEquals(
                List.of("gathered metric family own_gauge has type COUNTER but should have GAUGE"),
                check(GroupKey.of("job", "a"), false, counter("own_gauge", "a")));
    }

    @Test
    void suffixOfAStoredSummaryCollides() {
        Metrics.MetricFamily summary = Metrics.MetricFamily.newBuilder()
                .setName("sm")
                .setType(Metrics.MetricType.SUMMARY)
                .addMetric(Metrics.Metric.newBuilder()
                        .addAllLabel(labels("a", ""))
                        .setSummary(Metrics.Summary.newBuilder()))
                .build();
        store(GroupKey.of("job", "a"), summary);
        assertEquals(
                List.of("collected metric named \"sm_count\" collides with previously collected summary named \"sm\""),
                check(GroupKey.of("job", "b"), false, gauge("sm_count", "b")));
        assertEquals(List.of(), check(GroupKey.of("job", "b"), false, gauge("sm_bucket", "b")));
    }

    @Test
    void postKeepsTheGroupsOtherFamiliesInTheCheckButPutDoesNot() {
        Group a = store(GroupKey.of("job", "a"), gauge("x_sum", "a"));
        Metrics.MetricFamily histogram = Metrics.MetricFamily.newBuilder()
                .setName("x")
                .setType(Metrics.MetricType.HISTOGRAM)
                .addMetric(Metrics.Metric.newBuilder()
                        .addAllLabel(labels("a", ""))
                        .setHistogram(Metrics.Histogram.newBuilder()))
                .build();
        assertEquals(1, check(a.key(), false, histogram).size());
        assertEquals(List.of(), check(a.key(), true, histogram));
    }

    @Test
    void groupsWhoseTimestampSeriesCollideAreRejected() {
        store(GroupKey.of("job", "j3"), gauge("m", "j3"));
        List<String> errors = check(GroupKey.of("job", "j3", "instance", ""), false);
        assertEquals(2, errors.size(), errors.toString());
    }

    private Group store(GroupKey key, Metrics.MetricFamily... families) {
        SortedMap<String, StoredFamily> map = Group.newFamilyMap();
        for (Metrics.MetricFamily family : families) {
            map.put(family.getName(), new StoredFamily(family, 1));
        }
        Group group = new Group(key, map, 1, 0, 1, false);
        index.add(group);
        stored.put(key, group);
        return group;
    }

    private List<String> check(GroupKey key, boolean replace, Metrics.MetricFamily... families) {
        Map<String, Metrics.MetricFamily> pushed = new LinkedHashMap<>();
        for (Metrics.MetricFamily family : families) {
            pushed.put(family.getName(), family);
        }
        return check.check(index, pushed, replace, stored.get(key), key);
    }

    private static Metrics.MetricFamily gauge(String name, String job) {
        return gauge(name, job, "");
    }

    private static Metrics.MetricFamily gauge(String name, String job, String instance) {
        return Metrics.MetricFamily.newBuilder()
                .setName(name)
                .setType(Metrics.MetricType.GAUGE)
                .addMetric(Metrics.Metric.newBuilder()
                        .addAllLabel(labels(job, instance))
                        .setGauge(Metrics.Gauge.newBuilder().setValue(1)))
                .build();
    }

    private static Metrics.MetricFamily counter(String name, String job) {
        return Metrics.MetricFamily.newBuilder()
                .setName(name)
                .setType(Metrics.MetricType.COUNTER)
                .addMetric(Metrics.Metric.newBuilder()
                        .addAllLabel(labels(job, ""))
                        .setCounter(Metrics.Counter.newBuilder().setValue(1)))
                .build();
    }

    private static List<Metrics.LabelPair> labels(String job, String instance) {
        return List.of(
                Metrics.LabelPair.newBuilder()
                        .setName("instance")
                        .setValue(instance)
                        .build(),
                Metrics.LabelPair.newBuilder().setName("job").setValue(job).build());
    }
}
