package io.pushgateway.cluster.store.hazelcast;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.prometheus.metrics.expositionformats.generated.Metrics;
import io.pushgateway.cluster.model.GroupKey;
import io.pushgateway.cluster.model.NameValidation;
import io.pushgateway.cluster.store.Group;
import io.pushgateway.cluster.store.OwnFamilies;
import io.pushgateway.cluster.store.replica.LocalReplica;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A change the replica saw but the map lost (its last owner died before the backup was kept) goes
 * back into the map; after a split brain merged this member away, the map wins instead.
 */
class ReplicaAheadOfMapTest {
    private static final GroupKey AHEAD = GroupKey.of("job", "ahead");
    private static final GroupKey MISSING = GroupKey.of("job", "missing");

    private HazelcastInstance hazelcast;
    private HazelcastGroupStore store;
    private IMap<String, Group> map;
    private LocalReplica replica;

    @BeforeEach
    void start() {
        hazelcast = Hazelcast.newHazelcastInstance(
                HazelcastSetup.standalone(ClusterOptions.standalone("ahead-test-" + UUID.randomUUID())));
        replica = new LocalReplica();
        store = new HazelcastGroupStore(hazelcast, replica, OwnFamilies.NONE, true, NameValidation.CLASSIC);
        map = hazelcast.getMap(HazelcastGroupStore.MAP_NAME);
        map.set(AHEAD.id(), GroupsForTests.group(AHEAD, 5, Map.of("m", gauge(5))));
        // The map lost the change to version 7 and the group created at version 1; the replica has both.
        replica.apply(GroupsForTests.group(AHEAD, 7, Map.of("m", gauge(6))));
        replica.apply(GroupsForTests.group(MISSING, 1, Map.of("m", gauge(1))));
    }

    @AfterEach
    void stop() {
        store.close();
        hazelcast.shutdown();
    }

    @Test
    void groupsTheMapLostAreWrittenBackFromTheReplica() {
        store.reconcile();
        assertEquals(7, map.get(AHEAD.id()).version());
        assertEquals(1, map.get(MISSING.id()).version());
        assertEquals(7, replica.get(AHEAD).version());
        assertEquals(2, replica.size());
    }

    @Test
    void aDeletionTheReplicaMissedWinsOverAChangeTheMapLost() {
        // Deleted through another node after the map lost version 7: the tombstone counts on from 5.
        map.set(AHEAD.id(), new Group(AHEAD, Group.newFamilyMap(), 0, 0, 6, true));
        store.reconcile();
        assertEquals(null, replica.get(AHEAD), "the deleted group is gone from the replica");
        assertEquals(true, map.get(AHEAD.id()).isDeleted(), "and stays deleted in the map");
    }

    @Test
    void afterASplitBrainMergeTheMapWins() {
        store.reconciler().merged();
        store.reconcile();
        assertEquals(5, replica.get(AHEAD).version(), "the smaller side's refused change is dropped");
        assertEquals(null, replica.get(MISSING));
        assertEquals(5, map.get(AHEAD.id()).version());
        assertEquals(null, map.get(MISSING.id()));
    }

    private static Metrics.MetricFamily gauge(double value) {
        return Metrics.MetricFamily.newBuilder()
                .setName("m")
                .setType(Metrics.MetricType.GAUGE)
                .addMetric(Metrics.Metric.newBuilder()
                        .setGauge(Metrics.Gauge.newBuilder().setValue(value)))
                .build();
    }
}
