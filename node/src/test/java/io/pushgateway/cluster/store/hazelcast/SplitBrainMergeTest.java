package io.pushgateway.cluster.store.hazelcast;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.splitbrainprotection.SplitBrainProtectionException;
import io.prometheus.metrics.expositionformats.generated.Metrics;
import io.pushgateway.cluster.model.GroupKey;
import io.pushgateway.cluster.store.PushOutcome;
import java.time.Duration;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A member cut off from the other two of three and reconnected: while cut off it refuses writes
 * (no quorum) and keeps serving what it had; the other two go on acknowledging; after the split
 * brain heals every member serves the same groups, with everything acknowledged on either side.
 */
class SplitBrainMergeTest {
    @AutoClose
    private InJvmCluster cluster;

    @BeforeEach
    void start() {
        cluster = InJvmCluster.start(3, 1, 2, config -> {
            // The sides look for each other every few seconds once they may (see InJvmCluster.heal).
            config.setProperty("hazelcast.merge.first.run.delay.seconds", "2");
            config.setProperty("hazelcast.merge.next.run.delay.seconds", "2");
        });
    }

    @Test
    void afterTheSplitHealsEveryMemberServesEveryAcknowledgedGroupAndNothingRefused() throws Exception {
        InJvmCluster.Member a = cluster.member(0);
        InJvmCluster.Member b = cluster.member(1);
        InJvmCluster.Member cut = cluster.member(2);
        TreeSet<String> acknowledged = new TreeSet<>();
        for (int m = 0; m < 3; m++) {
            for (int i = 0; i < 5; i++) {
                acknowledged.add(push(cluster.member(m), "before_split_" + m + "_" + i, 1));
            }
        }
        awaitEveryMemberServing(acknowledged);

        cluster.isolate(cut);

        ExecutionException refused = assertThrows(
                ExecutionException.class,
                () -> cut.push(GroupKey.of("job", "through_the_cut_member"), true, Map.of("m", gauge(1))),
                "a push through the member without quorum");
        assertTrue(causedBy(refused, SplitBrainProtectionException.class), "refused for want of a quorum: " + refused);
        assertEquals(acknowledged, cut.groupIds(), "the cut member keeps serving what it had");

        for (int i = 0; i < 5; i++) {
            acknowledged.add(push(i % 2 == 0 ? a : b, "during_split_" + i, 2));
        }
        String updated = acknowledged.first();
        push(b, GroupKey.fromId(updated).labels().get("job"), 3);
        String deleted = acknowledged.last();
        a.delete(GroupKey.fromId(deleted));
        acknowledged.remove(deleted);
        assertEquals(1, cut.clusterSize(), "the split lasted through the writes of the larger side");
        assertEquals(2, a.clusterSize(), "the split lasted through the writes of the larger side");

        cluster.heal();

        awaitEveryMemberServing(acknowledged);
        String scrape = a.scrapeText();
        assertTrue(
                scrape.contains("m{instance=\"\",job=\""
                        + GroupKey.fromId(updated).labels().get("job") + "\"} 3\n"),
                "the update made during the split: " + scrape);
        assertEquals(scrape, b.scrapeText(), "the majority's members serve the same");
        assertEquals(scrape, cut.scrapeText(), "the member that was cut off serves what the others do");
    }

    /** Every member serving exactly these groups, the same on each; reconciliation runs as a node's timer would. */
    private void awaitEveryMemberServing(TreeSet<String> groups) {
        for (InJvmCluster.Member member : cluster.members()) {
            await().alias(member + " serving exactly the acknowledged groups")
                    .atMost(InJvmCluster.SETTLE)
                    .pollInterval(Duration.ofMillis(200))
                    .untilAsserted(() -> {
                        member.maintain();
                        assertEquals(groups, member.groupIds());
                    });
        }
    }

    /** Pushes a gauge of {@code value} to the group of {@code job}; returns the group's id once acknowledged. */
    private static String push(InJvmCluster.Member member, String job, double value) throws Exception {
        GroupKey key = GroupKey.of("job", job);
        PushOutcome outcome = member.push(key, true, Map.of("m", gauge(value)));
        assertTrue(outcome.accepted(), key + " through " + member + ": " + outcome.message());
        return key.id();
    }

    private static boolean causedBy(Throwable error, Class<? extends Throwable> type) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }

    private static Metrics.MetricFamily gauge(double value) {
        return GroupsForTests.family("m", Metrics.MetricType.GAUGE, value);
    }
}
