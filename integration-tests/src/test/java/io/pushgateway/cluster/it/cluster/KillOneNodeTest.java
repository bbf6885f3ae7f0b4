package io.pushgateway.cluster.it.cluster;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code kill -9} of one node of three while clients push straight to the two others (no load
 * balancer, no retry): not one push fails, none acknowledged is lost (issues 3 and 15), and the
 * survivors log the death one line per event, without stack traces.
 */
@Tag("slow")
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class KillOneNodeTest {

    private static final int WARM_UP_ACKS = 300;
    private static final int ACKS_AFTER_LOSS = 300;

    private ClusterProcess cluster;
    private Pusher pusher;

    @AfterEach
    void stopEverything() {
        if (pusher != null) {
            pusher.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void noPushToTheLiveNodesFailsAndNoneIsLostWhenOneIsKilled() {
        cluster = ClusterProcess.start("kill-one", 3, List.of());
        // The oldest member is Hazelcast's master: losing it also means electing a new one.
        int victim = cluster.oldestMember(cluster.node(0));
        List<ClusterNode> survivors =
                cluster.nodes().stream().filter(n -> n.index() != victim).toList();
        pusher = Pusher.straightTo("kill", survivors);
        pusher.start();
        PushLedger ledger = pusher.ledger();
        pusher.awaitMoreAcks(WARM_UP_ACKS);
        Map<ClusterNode, Integer> straysBefore = new HashMap<>();
        survivors.forEach(
                node -> straysBefore.put(node, LogLines.notOneLinePerEvent(node).size()));

        long killedAt = System.nanoTime();
        long ackedBeforeKill = ledger.acknowledgedCount();
        cluster.kill(victim);
        cluster.awaitMembers(2, ClusterProcess.MEMBER_TIMEOUT.multipliedBy(4));
        long lossNoticedAt = System.nanoTime();
        System.out.printf(
                "[kill-one] killed node %d (the master); survivors saw 2 members %.1f s after kill -9%n",
                victim, (lossNoticedAt - killedAt) / 1e9);
        await(ACKS_AFTER_LOSS + " pushes acknowledged by the survivors")
                .atMost(Duration.ofSeconds(60))
                .until(
                        () -> ledger.acknowledgedSince(lossNoticedAt) >= ACKS_AFTER_LOSS ? null : ledger.summary(),
                        nullValue());
        pusher.stop();

        System.out.printf("[kill-one] pushes: %s%n", ledger.summary());
        System.out.printf(
                "[kill-one] acknowledged before the kill %d, between kill and detection %d, after detection %d%n",
                ackedBeforeKill,
                ledger.acknowledgedSince(killedAt) - ledger.acknowledgedSince(lossNoticedAt),
                ledger.acknowledgedSince(lossNoticedAt));
        new LedgerCheck().awaitAllAcknowledged(pusher, survivors, ClusterProcess.RECONCILE_INTERVAL.multipliedBy(3));
        assertEquals(0, ledger.failedCount(), "pushes to live nodes that failed: " + ledger.failureExamples());
        new NodeScrapes().awaitIdentical(survivors, Duration.ofSeconds(2));
        for (ClusterNode node : survivors) {
            List<String> strays = LogLines.notOneLinePerEvent(node);
            assertEquals(
                    List.of(),
                    strays.subList(straysBefore.get(node), strays.size()),
                    node + " logged lines that are not an event of their own after the kill (" + node.logFile() + ")");
        }
    }
}
