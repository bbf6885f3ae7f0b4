package io.pushgateway.cluster.store.hazelcast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.core.EntryView;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.prometheus.metrics.expositionformats.generated.Metrics;
import io.pushgateway.cluster.model.GroupKey;
import io.pushgateway.cluster.model.NameValidation;
import io.pushgateway.cluster.store.Group;
import io.pushgateway.cluster.store.OwnFamilies;
import io.pushgateway.cluster.store.StoredFamily;
import io.pushgateway.cluster.store.UnixTime;
import io.pushgateway.cluster.store.replica.LocalReplica;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A restore puts a snapshot's groups into the map only where the map holds nothing as new. */
class RestoreIntoMapTest {
    private static HazelcastInstance hazelcast;
    private static HazelcastGroupStore store;
    private static IMap<String, Group> map;

    @BeforeAll
    static void start() {
        hazelcast = Hazelcast.newHazelcastInstance(
                HazelcastSetup.standalone(ClusterOptions.standalone("restore-test-" + UUID.randomUUID())));
        store = new HazelcastGroupStore(hazelcast, new LocalReplica(), OwnFamilies.NONE, true, NameValidation.CLASSIC);
        map = hazelcast.getMap(HazelcastGroupStore.MAP_NAME);
    }

    @AfterAll
    static void stop() {
        store.close();
        hazelcast.shutdown();
    }

    @Test
    void newerGroupsAndDeletionsInTheMapWinOlderOnesAreReplacedAbsentOnesAdded() {
        GroupKey pushedSince = GroupKey.of("job", "pushed_since");
        GroupKey deletedSince = GroupKey.of("job", "deleted_since");
        GroupKey older = GroupKey.of("job", "older_in_map");
        GroupKey absent = GroupKey.of("job", "absent");
        map.set(pushedSince.id(), GroupsForTests.group(pushedSince, 500, Map.of("m", gauge("m", 2))));
        map.set(deletedSince.id(), new Group(deletedSince, Group.newFamilyMap(), 0, 0, 500, true));
        map.set(older.id(), GroupsForTests.group(older, 50, Map.of("m", gauge("m", 0))));

        int restored = store.restore(List.of(
                snapshotGroup(pushedSince, 400, 0), snapshotGroup(deletedSince, 499, 0),
                snapshotGroup(older, 100, 0), snapshotGroup(absent, 100, 0)));

        assertEquals(2, restored);
        assertEquals(500, map.get(pushedSince.id()).version(), "a push made meanwhile is kept");
        assertTrue(map.get(deletedSince.id()).isDeleted(), "a deletion made meanwhile is kept");
        assertEquals(100, map.get(older.id()).version());
        assertEquals(100, map.get(absent.id()).version());
        assertEquals(
                1.0,
                store.replica()
                        .get(absent)
                        .families()
                        .get("m")
                        .family()
                        .getMetric(0)
                        .getGauge()
                        .getValue(),
                "the restoring node's replica has it at once");
        assertEquals(0, store.restore(List.of(snapshotGroup(absent, 100, 0))), "running it again changes nothing");
    }

    @Test
    void expiredGroupsAreLeftOutAndTheOthersKeepTheRestOfTheirTtl() {
        long now = UnixTime.nowNanos();
        GroupKey expired = GroupKey.of("job", "expired");
        GroupKey living = GroupKey.of("job", "living");
        Group livingGroup = Group.fromSnapshot(
                living, families(), now - 1_000_000_000L, 0, 10, 3_600_000, now + 1_800_000_000_000L);

        int restored = store.restore(List.of(
                Group.fromSnapshot(expired, families(), now - 7_200_000_000_000L, 0, 10, 3_600_000, now - 1),
                livingGroup));

        assertEquals(1, restored);
        assertNull(map.get(expired.id()));
        assertFalse(store.replica().groups().stream().anyMatch(g -> g.key().equals(expired)));
        Group held = map.get(living.id());
        assertEquals(3_600_000, held.ttlMillis(), "the TTL the group was pushed with");
        assertEquals(livingGroup.expiresAtNanos(), held.expiresAtNanos(), "the same deadline");
        EntryView<String, Group> entry = map.getEntryView(living.id());
        long entryTtl = entry.getTtl();
        assertTrue(entryTtl > 1_700_000 && entryTtl <= 1_800_000, "the map entry lives for what remains: " + entryTtl);
    }

    private static Group snapshotGroup(GroupKey key, long version, long expiresAt) {
        return Group.fromSnapshot(key, families(), 1_700_000_000_000_000_000L, 0, version, 0, expiresAt);
    }

    private static java.util.SortedMap<String, StoredFamily> families() {
        java.util.SortedMap<String, StoredFamily> map = Group.newFamilyMap();
        map.put("m", new StoredFamily(gauge("m", 1), 1_700_000_000_000_000_000L));
        return map;
    }

    private static Metrics.MetricFamily gauge(String name, double value) {
        return Metrics.MetricFamily.newBuilder()
                .setName(name)
                .setType(Metrics.MetricType.GAUGE)
                .addMetric(Metrics.Metric.newBuilder()
                        .setGauge(Metrics.Gauge.newBuilder().setValue(value)))
                .build();
    }
}
