package io.pushgateway.cluster.store.hazelcast;

import static org.awaitility.Awaitility.await;
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
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Groups whose partition lost its owner and every backup are not dropped from the survivor's
 * replica; reconciliation writes them back into the map.
 */
class LostPartitionWriteBackTest {
    private static final int GROUPS = 200;

    private HazelcastInstance survivor;
    private HazelcastInstance victim;
    private HazelcastGroupStore store;

    @AfterEach
    void stop() {
        if (store != null) {
            store.close();
        }
        for (HazelcastInstance member : new HazelcastInstance[] {survivor, victim}) {
            if (member != null) {
                member.getLifecycleService().terminate();
            }
        }
    }

    @Test
    void groupsOfPartitionsLostWithTheirOnlyCopyAreWrittenBackFromTheReplica() throws Exception {
        String name = "lost-partition-" + UUID.randomUUID();
        int[] ports = {freePort(), freePort()};
        List<String> peers = List.of("127.0.0.1:" + ports[0], "127.0.0.1:" + ports[1]);
        // No backups: a member's death loses its partitions, as two deaths at once do with one backup.
        survivor = Hazelcast.newHazelcastInstance(HazelcastSetup.clustered(
                new ClusterOptions("127.0.0.1", ports[0], "", 0, peers, name, 0, 1, Duration.ofSeconds(3), null)));
        victim = Hazelcast.newHazelcastInstance(HazelcastSetup.clustered(
                new ClusterOptions("127.0.0.1", ports[1], "", 0, peers, name, 0, 1, Duration.ofSeconds(3), null)));
        await("two members")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> survivor.getCluster().getMembers().size() == 2);
        LocalReplica replica = new LocalReplica();
        store = new HazelcastGroupStore(survivor, replica, OwnFamilies.NONE, false, NameValidation.CLASSIC);
        IMap<String, Group> map = survivor.getMap(HazelcastGroupStore.MAP_NAME);
        for (int i = 0; i < GROUPS; i++) {
            GroupKey key = GroupKey.of("job", "g" + i);
            map.set(key.id(), GroupsForTests.group(key, 1, Map.of("m", gauge(i))));
        }
        await("every group in the replica")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> replica.size() == GROUPS);
        int onVictim = victim.getMap(HazelcastGroupStore.MAP_NAME).localKeySet().size();

        victim.getLifecycleService().terminate();
        await("the survivor alone")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> survivor.getCluster().getMembers().size() == 1);
        await("the victim's groups gone from the map")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> map.size() == GROUPS - onVictim);

        await("every group back in the map")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    store.reconcile();
                    return map.size() == GROUPS;
                });
        assertEquals(GROUPS, replica.size(), "the replica kept every group meanwhile");
        for (int i = 0; i < GROUPS; i++) {
            Group group = map.get(GroupKey.of("job", "g" + i).id());
            assertEquals(List.of("m"), List.copyOf(group.families().keySet()), "g" + i);
            assertEquals(1, group.version(), "g" + i + " as it was acknowledged");
        }
    }

    private static Metrics.MetricFamily gauge(double value) {
        return Metrics.MetricFamily.newBuilder()
                .setName("m")
                .setType(Metrics.MetricType.GAUGE)
                .addMetric(Metrics.Metric.newBuilder()
                        .setGauge(Metrics.Gauge.newBuilder().setValue(value)))
                .build();
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
