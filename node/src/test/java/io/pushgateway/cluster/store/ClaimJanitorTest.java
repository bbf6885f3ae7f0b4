package io.pushgateway.cluster.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.prometheus.metrics.expositionformats.generated.Metrics;
import io.pushgateway.cluster.model.GroupKey;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
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
        hazelcast = Hazelcast.newHazelcastInstance(HazelcastSetup.standalone(
                ClusterOptions.standalone("janitor-test-" + UUID.randomUUID())));
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
        janitor = new ClaimJanitor(hazelcast, replica);
    }

    @Test
    void aClaimLostWhileTheGroupStillHoldsTheFamilyIsRestored() {
        GroupKey key = GroupKey.of("job", "holder");
        Group group = GroupsForTests.group(key, 1, Map.of("lost_claim", counter("lost_claim")));
        groups.set(key.id(), group);
        replica.apply(group);

        janitor.sweep();
        janitor.sweep();

        TypeClaim claim = claims.get("lost_claim");
        assertEquals(Set.of(key.id()), claim == null ? Set.of() : claim.holders());
        assertEquals(COUNTER, claim.type());
    }

    @Test
    void aClaimReleasedByAPushTheReplicaHasNotSeenYetStaysReleased() {
        GroupKey key = GroupKey.of("job", "dropper");
        Group before = GroupsForTests.group(key, 1, Map.of("dropped", counter("dropped")));
        replica.apply(before);
        groups.set(key.id(), GroupsForTests.group(key, 2, Map.of("other", counter("other"))));

        janitor.sweep();
        janitor.sweep();

        assertNull(claims.get("dropped"), "claim of a family the group in the map no longer holds");
    }

    @Test
    void aHolderThatNoLongerHoldsTheFamilyIsDropped() {
        GroupKey gone = GroupKey.of("job", "gone");
        claims.set("orphan", new TypeClaim(COUNTER, new TreeSet<>(Set.of(gone.id()))));

        janitor.sweep();
        janitor.sweep();

        assertNull(claims.get("orphan"), "claim held by a group no node holds");
    }

    private static Metrics.MetricFamily counter(String name) {
        return Metrics.MetricFamily.newBuilder().setName(name).setType(Metrics.MetricType.COUNTER)
                .addMetric(Metrics.Metric.newBuilder().setCounter(Metrics.Counter.newBuilder().setValue(1))).build();
    }
}
