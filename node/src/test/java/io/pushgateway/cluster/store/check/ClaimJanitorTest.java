package io.pushgateway.cluster.store.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.prometheus.metrics.expositionformats.generated.Metrics;
import io.pushgateway.cluster.model.GroupKey;
import io.pushgateway.cluster.store.Group;
import io.pushgateway.cluster.store.hazelcast.ClusterOptions;
import io.pushgateway.cluster.store.hazelcast.GroupsForTests;
import io.pushgateway.cluster.store.hazelcast.HazelcastGroupStore;
import io.pushgateway.cluster.store.hazelcast.HazelcastSetup;
import io.pushgateway.cluster.store.replica.LocalReplica;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The janitor repairs type claims from the node's replica, which may lag behind the map: it must
 * never bring back the claim of a family the group has just dropped, or the next push of that name
 * with another type would be refused although no group holds it.
 */
class ClaimJanitorTest {
    private static final int COUNTER = Metrics.MetricType.COUNTER.getNumber();

    private static HazelcastInstance hazelcast;
    private static IMap<String, Group> groups;
    private static IMap<String, TypeClaim> claims;
    private LocalReplica replica;
    private ClaimJanitor janitor;

    @BeforeAll
    static void start() {
        hazelcast = Hazelcast.newHazelcastInstance(
                HazelcastSetup.standalone(ClusterOptions.standalone("janitor-test-" + UUID.randomUUID())));
        groups = hazelcast.getMap(HazelcastGroupStore.MAP_NAME);
        claims = hazelcast.getMap(HazelcastGroupStore.CLAIMS_MAP_NAME);
    }

    @AfterAll
    static void stop() {
        hazelcast.shutdown();
    }

    @BeforeEach
    void emptyMaps() {
        groups.clear();
        claims.clear();
        replica = new LocalReplica();
        janitor = new ClaimJanitor(claims, hazelcast.getPartitionService(), replica);
    }

    @Test
    void aCountLostWhileTheGroupStillHoldsTheFamilyIsRestored() {
        GroupKey key = GroupKey.of("job", "holder");
        Group group = GroupsForTests.group(key, 1, Map.of("lost_claim", counter("lost_claim")));
        groups.set(key.id(), group);
        replica.apply(group);

        janitor.sweep();
        janitor.sweep();

        TypeClaim claim = claims.get("lost_claim");
        assertEquals(1, claim == null ? 0 : claim.holders(), "groups counted as holding the family");
        assertEquals(COUNTER, claim.type());
    }

    @Test
    void aCountTheReplicaDisagreedWithOnlyWhileItLaggedIsLeftAlone() {
        GroupKey key = GroupKey.of("job", "dropper");
        Group before = GroupsForTests.group(key, 1, Map.of("dropped", counter("dropped")));
        Group after = GroupsForTests.group(key, 2, Map.of("other", counter("other")));
        claims.set("other", new TypeClaim(COUNTER, 1));
        replica.apply(before);

        janitor.sweep();
        replica.apply(after);
        janitor.sweep();

        assertNull(claims.get("dropped"), "claim of a family the group no longer holds");
        assertEquals(1, claims.get("other").holders());
    }

    @Test
    void aCountChangedBetweenRoundsIsNotOverwritten() {
        GroupKey key = GroupKey.of("job", "busy");
        Group group = GroupsForTests.group(key, 1, Map.of("busy", counter("busy")));
        replica.apply(group);
        claims.set("busy", new TypeClaim(COUNTER, 3));

        janitor.sweep();
        claims.set("busy", new TypeClaim(COUNTER, 2));
        janitor.sweep();

        assertEquals(2, claims.get("busy").holders(), "a count that moved between the rounds is not judged yet");
        janitor.sweep();
        assertEquals(1, claims.get("busy").holders(), "the same miscount in two rounds in a row is corrected");
    }

    @Test
    void aNameNoGroupHoldsIsFreed() {
        claims.set("orphan", new TypeClaim(COUNTER, 2));

        janitor.sweep();
        janitor.sweep();

        assertNull(claims.get("orphan"), "claim of a family no group holds");
    }

    private static Metrics.MetricFamily counter(String name) {
        return Metrics.MetricFamily.newBuilder()
                .setName(name)
                .setType(Metrics.MetricType.COUNTER)
                .addMetric(Metrics.Metric.newBuilder()
                        .setCounter(Metrics.Counter.newBuilder().setValue(1)))
                .build();
    }
}
