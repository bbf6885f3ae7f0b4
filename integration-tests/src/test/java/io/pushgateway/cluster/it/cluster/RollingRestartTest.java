package io.pushgateway.cluster.it.cluster;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issues 3 and 15: restarting all three nodes one at a time (SIGTERM, wait for exit, start with
 * the same flags, the next once it is ready again, as a StatefulSet does) under continuous pushes
 * sent straight to the nodes that answer {@code /-/ready} (as a Kubernetes Service routes) loses
 * nothing acknowledged and fails not one push; each node exits 0; and a starting node does not
 * call itself ready before it holds every group.
 */
@Tag("slow")
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class RollingRestartTest {

    private static final int ACKS_BETWEEN_STEPS = 150;
    private static final String JOB = "rolling";

    private final Http http = new Http();
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
    void rollingRestartUnderPushesLosesNothingAndReadyMeansLoaded() {
        cluster = ClusterProcess.start("rolling-restart", 3, List.of("--web.shutdown-delay=3s"));
        pusher = Pusher.throughReadyNodes(JOB, cluster);
        pusher.start();
        PushLedger ledger = pusher.ledger();
        pusher.awaitMoreAcks(ACKS_BETWEEN_STEPS);

        List<String> readyTooEarly = new ArrayList<>();
        List<Integer> exitCodes = new ArrayList<>();
        for (int i = 0; i < cluster.size(); i++) {
            cluster.stop(i);
            exitCodes.add(cluster.node(i).exitCode());
            cluster.awaitMembers(2, ClusterProcess.MEMBER_TIMEOUT.multipliedBy(4));
            Map<String, Long> acknowledgedBeforeStart = ledger.acknowledged();
            long started = System.nanoTime();
            cluster.startAgain(i);
            cluster.awaitReady(i, ClusterProcess.START_TIMEOUT);
            long ready = System.nanoTime();
            // The very first answer after /-/ready said 200: the node must already hold every group
            // acknowledged before it started.
            Http.Reply groups = http.get(cluster.node(i).uri("/api/v1/metrics"));
            assertEquals(
                    200, groups.status(), "/api/v1/metrics of " + cluster.node(i) + " right after ready: " + groups);
            Map<String, Double> held = ApiMetrics.valuesByInstance(groups.body(), Pusher.METRIC, JOB);
            List<String> lacking = ledger.contradictions(held, acknowledgedBeforeStart);
            System.out.printf(
                    "[rolling-restart] %s restarted: ready %.1f s after start, holding %d groups at its first"
                            + " ready answer, lacking %d of the %d acknowledged before its start%n",
                    cluster.node(i),
                    (ready - started) / 1e9,
                    held.size(),
                    lacking.size(),
                    acknowledgedBeforeStart.size());
            if (!lacking.isEmpty()) {
                readyTooEarly.add(cluster.node(i) + " lacked " + lacking.size() + " groups when first ready, e.g. "
                        + lacking.subList(0, Math.min(5, lacking.size())));
            }
            cluster.awaitMembers(3, ClusterProcess.START_TIMEOUT);
            pusher.awaitMoreAcks(ACKS_BETWEEN_STEPS);
        }
        pusher.stop();
        System.out.printf("[rolling-restart] pushes: %s%n", ledger.summary());

        assertAll(
                () -> assertEquals(
                        List.of(), readyTooEarly, "/-/ready answered 200 before the node held the full replica"),
                () -> new LedgerCheck()
                        .awaitAllAcknowledged(
                                pusher, cluster.nodes(), ClusterProcess.RECONCILE_INTERVAL.multipliedBy(3)),
                () -> assertEquals(0, ledger.failedCount(), "pushes that failed: " + ledger.failureExamples()),
                () -> assertEquals(List.of(0, 0, 0), exitCodes, "exit codes after SIGTERM"),
                () -> new NodeScrapes().awaitIdentical(cluster.nodes(), Duration.ofSeconds(2)));
    }

    /** Waits until the cluster has acknowledged {@code count} more pushes: it is taking writes again. */
}
