package io.pushgateway.cluster.store.hazelcast;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.prometheus.metrics.expositionformats.generated.Metrics;
import io.pushgateway.cluster.model.GroupKey;
import io.pushgateway.cluster.store.Group;
import io.pushgateway.cluster.store.PushOutcome;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A member whose replica missed changes (events lost while a member died or partitions moved)
 * serves the cluster's content again after reconciliation, which a node runs on a timer and the
 * test runs directly.
 */
class ReconcilerTest {
    private static final GroupKey KEPT = GroupKey.of("job", "kept");
    private static final GroupKey UPDATED = GroupKey.of("job", "updated");
    private static final GroupKey DELETED = GroupKey.of("job", "deleted");
    private static final GroupKey CREATED = GroupKey.of("job", "created");

    @AutoClose
    private InJvmCluster cluster;

    private InJvmCluster.Member writer;
    private InJvmCluster.Member lagging;

    @BeforeEach
    void start() {
        cluster = InJvmCluster.start(2, 1, 1);
        writer = cluster.member(0);
        lagging = cluster.member(1);
    }

    @Test
    void aReplicaThatMissedCreationsUpdatesAndDeletionsServesTheMapsContentAgain() throws Exception {
        pushGauge(KEPT, 1);
        pushGauge(UPDATED, 1);
        pushGauge(DELETED, 1);
        awaitSameScrape();
        Group staleUpdate = lagging.replica().get(UPDATED);
        Group deletedGroup = lagging.replica().get(DELETED);
        Group kept = lagging.replica().get(KEPT);

        pushGauge(UPDATED, 2);
        writer.delete(DELETED);
        pushGauge(CREATED, 3);
        awaitSameScrape();
        // The lagging member missed the last three changes: it holds the update's old version, the
        // deleted group, and not the new one.
        lagging.replica().clear();
        lagging.replica().apply(kept);
        lagging.replica().apply(staleUpdate);
        lagging.replica().apply(deletedGroup);
        assertNotEquals(writer.scrapeText(), lagging.scrapeText(), "the lagging member serves stale content");

        lagging.store().reconcile();

        assertEquals(writer.groupIds(), lagging.groupIds(), "groups served after one reconciliation");
        assertEquals(writer.scrapeText(), lagging.scrapeText(), "scrape after one reconciliation");
        assertEquals(
                writer.replica().get(UPDATED).version(),
                lagging.replica().get(UPDATED).version(),
                "the update's version is the map's");
    }

    @Test
    void aGroupTheMapLostButAReplicaHoldsIsWrittenBackAndServedByEveryMember() throws Exception {
        pushGauge(KEPT, 1);
        awaitSameScrape();
        GroupKey lost = GroupKey.of("job", "lost");
        // The lagging member saw an acknowledged push whose only copies died with other members.
        lagging.replica().apply(GroupsForTests.group(lost, 1, Map.of("m", gauge(7))));

        lagging.store().reconcile();

        await().alias("the group written back reaching the other member")
                .atMost(InJvmCluster.SETTLE)
                .pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> assertEquals(lagging.groupIds(), writer.groupIds()));
        assertEquals(writer.scrapeText(), lagging.scrapeText());
    }

    private void pushGauge(GroupKey key, double value) throws Exception {
        PushOutcome outcome = writer.push(key, true, Map.of("m", gauge(value)));
        assertEquals(true, outcome.accepted(), key + ": " + outcome.message());
    }

    private void awaitSameScrape() {
        await().alias("both members serving the same")
                .atMost(InJvmCluster.SETTLE)
                .pollInterval(Duration.ofMillis(50))
                .untilAsserted(() -> assertEquals(writer.scrapeText(), lagging.scrapeText()));
    }

    private static Metrics.MetricFamily gauge(double value) {
        return GroupsForTests.family("m", Metrics.MetricType.GAUGE, value);
    }
}
