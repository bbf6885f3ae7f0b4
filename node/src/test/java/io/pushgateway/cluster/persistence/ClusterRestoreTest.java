package io.pushgateway.cluster.persistence;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prometheus.metrics.expositionformats.generated.Metrics;
import io.pushgateway.cluster.model.GroupKey;
import io.pushgateway.cluster.store.PushOutcome;
import io.pushgateway.cluster.store.UnixTime;
import io.pushgateway.cluster.store.hazelcast.GroupsForTests;
import io.pushgateway.cluster.store.hazelcast.HazelcastSetup;
import io.pushgateway.cluster.store.hazelcast.InJvmCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * The cluster-wide restore: a starting cluster is restored once, from the newest snapshot of the
 * members present, and served by all of them; a member joining the running cluster later restores
 * nothing, whatever its snapshot holds.
 */
class ClusterRestoreTest {
    private static final int MIN_MEMBERS = 2;
    private static final GroupKey BOTH = GroupKey.of("job", "in_both_snapshots");
    private static final GroupKey NEWER_ONLY = GroupKey.of("job", "only_in_the_newer");

    @AutoClose
    private InJvmCluster cluster;

    @Test
    void theNewestSnapshotIsRestoredOnceAndServedByBothMembersOfAFreshCluster() throws Exception {
        List<Integer> restoredByEach = restoreFreshCluster();

        assertEquals(
                List.of(0, 2),
                restoredByEach.stream().sorted().toList(),
                "groups put back by each member: only the one with the newest snapshot restores");
        for (InJvmCluster.Member member : cluster.members()) {
            await().alias(member + " serving the newest snapshot")
                    .atMost(InJvmCluster.SETTLE)
                    .pollInterval(Duration.ofMillis(100))
                    .untilAsserted(() -> {
                        assertEquals(ids(BOTH, NEWER_ONLY), member.groupIds());
                        assertTrue(
                                member.scrapeText().contains("m{instance=\"\",job=\"in_both_snapshots\"} 2\n"),
                                "the newer snapshot's value: " + member.scrapeText());
                    });
        }
    }

    @Test
    void aMemberJoiningLaterRestoresNothingAndLeavesNewerDataAlone() throws Exception {
        restoreFreshCluster();
        InJvmCluster.Member first = cluster.member(0);
        PushOutcome update = first.push(BOTH, true, Map.of("m", gauge(3)));
        assertTrue(update.accepted(), update.message());
        first.delete(NEWER_ONLY);

        // Its snapshot is the newest of all, with versions above anything the cluster holds: only
        // the cluster's record that it was restored keeps it out.
        GroupKey neverSeen = GroupKey.of("job", "only_in_the_late_snapshot");
        long aheadOfEverything = Long.MAX_VALUE / 2;
        Snapshot late = new Snapshot(
                UnixTime.nowNanos(),
                List.of(
                        GroupsForTests.pushed(BOTH, aheadOfEverything, Map.of("m", gauge(99))),
                        GroupsForTests.pushed(NEWER_ONLY, aheadOfEverything, Map.of("m", gauge(99))),
                        GroupsForTests.pushed(neverSeen, aheadOfEverything, Map.of("m", gauge(99)))));
        InJvmCluster.Member joiner =
                cluster.startMember(2, config -> ClusterRestore.announce(config, Optional.of(late)));
        cluster.awaitSize(3);

        assertEquals(
                0,
                restore(joiner, Optional.of(late), 3).get(InJvmCluster.SETTLE.toSeconds(), TimeUnit.SECONDS),
                "groups the joining member put back");
        for (InJvmCluster.Member member : cluster.members()) {
            await().alias(member + " serving the cluster's data, not the late snapshot's")
                    .atMost(InJvmCluster.SETTLE)
                    .pollInterval(Duration.ofMillis(100))
                    .untilAsserted(() -> {
                        member.maintain();
                        assertEquals(ids(BOTH), member.groupIds());
                        assertTrue(
                                member.scrapeText().contains("m{instance=\"\",job=\"in_both_snapshots\"} 3\n"),
                                "the push made after the restore: " + member.scrapeText());
                    });
        }
    }

    /**
     * Starts two members with snapshots of different ages, runs the restore on both at once as
     * starting nodes do, and returns how many groups each put back.
     */
    private List<Integer> restoreFreshCluster() throws Exception {
        long now = UnixTime.nowNanos();
        Snapshot older =
                new Snapshot(now - 60_000_000_000L, List.of(GroupsForTests.pushed(BOTH, 10, Map.of("m", gauge(1)))));
        Snapshot newer = new Snapshot(
                now,
                List.of(
                        GroupsForTests.pushed(BOTH, 20, Map.of("m", gauge(2))),
                        GroupsForTests.pushed(NEWER_ONLY, 20, Map.of("m", gauge(2)))));
        cluster = InJvmCluster.planned(3, 1, MIN_MEMBERS);
        List<Optional<Snapshot>> snapshots = List.of(Optional.of(older), Optional.of(newer));
        for (int i = 0; i < snapshots.size(); i++) {
            Optional<Snapshot> snapshot = snapshots.get(i);
            cluster.startMember(i, config -> ClusterRestore.announce(config, snapshot));
        }
        cluster.awaitSize(2);
        List<CompletableFuture<Integer>> runs = new ArrayList<>();
        for (int i = 0; i < snapshots.size(); i++) {
            runs.add(restore(cluster.member(i), snapshots.get(i), 2));
        }
        List<Integer> restored = new ArrayList<>();
        for (CompletableFuture<Integer> run : runs) {
            restored.add(run.get(InJvmCluster.SETTLE.toSeconds(), TimeUnit.SECONDS));
        }
        return restored;
    }

    /** What a starting node runs before it is ready, on its own thread. */
    private static CompletableFuture<Integer> restore(
            InJvmCluster.Member member, Optional<Snapshot> snapshot, int expectedMembers) {
        ClusterRestore restore = new ClusterRestore(
                member.hazelcast(),
                member.hazelcast().getMap(HazelcastSetup.RESTORE_MARKER_MAP_NAME),
                member.store()::restore,
                snapshot,
                MIN_MEMBERS,
                expectedMembers,
                new PersistenceStats());
        return CompletableFuture.supplyAsync(
                () -> {
                    try {
                        return restore.run(() -> false);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException(e);
                    }
                },
                task -> {
                    // Its own thread: a member waiting for another's restore blocks until it is done.
                    Thread thread = new Thread(task, "restore-" + member);
                    thread.setDaemon(true);
                    thread.start();
                });
    }

    private static Set<String> ids(GroupKey... keys) {
        TreeSet<String> ids = new TreeSet<>();
        for (GroupKey key : keys) {
            ids.add(key.id());
        }
        return ids;
    }

    private static Metrics.MetricFamily gauge(double value) {
        return GroupsForTests.family("m", Metrics.MetricType.GAUGE, value);
    }
}
