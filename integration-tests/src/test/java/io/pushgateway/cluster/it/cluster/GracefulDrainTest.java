package io.pushgateway.cluster.it.cluster;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 15, graceful drain: on SIGTERM with {@code --web.shutdown-delay}, {@code /-/ready} answers
 * 503 at once while pushes and scrapes are still served; then the node stops taking connections,
 * leaves the cluster and exits 0. Not one push sent straight to it fails, and the others keep
 * every group it acknowledged.
 */
@Tag("slow")
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class GracefulDrainTest {

    private static final Duration DELAY = Duration.ofSeconds(10);
    private static final int ACKS_WHILE_UNREADY = 50;

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
    void aNodeToldToStopServesUnreadyForTheDelayThenExitsZeroWithNoPushFailed() {
        cluster = ClusterProcess.start("drain", 3, List.of("--web.shutdown-delay=" + DELAY.toSeconds() + "s"));
        ClusterNode draining = cluster.node(2);
        pusher = Pusher.straightTo("drain", List.of(draining));
        pusher.start();
        PushLedger ledger = pusher.ledger();
        pusher.awaitMoreAcks(200);

        draining.terminate();
        await("/-/ready of the stopping node answering 503")
                .atMost(DELAY)
                .until(
                        () -> {
                            Http.Reply reply = http.get(draining.uri("/-/ready"));
                            return reply.status() == 503 ? null : "last answer " + reply;
                        },
                        nullValue());
        long unreadyAt = System.nanoTime();
        await(ACKS_WHILE_UNREADY + " pushes acknowledged and /metrics served while unready")
                .atMost(DELAY)
                .until(
                        () -> {
                            if (!draining.isAlive()) {
                                return "the node exited with code " + draining.exitCode();
                            }
                            Http.Reply scrape = http.get(draining.uri("/metrics"));
                            if (scrape.status() != 200) {
                                return "/metrics answered " + scrape;
                            }
                            long acks = ledger.acknowledgedSince(unreadyAt);
                            return acks >= ACKS_WHILE_UNREADY
                                    ? null
                                    : acks + " acknowledged since; " + ledger.summary();
                        },
                        nullValue());
        // Within the delay: every push sent so far is answered. Pushes sent as the server closes its
        // port may find a connection the kernel accepted and the server then closed; a load balancer
        // no longer sends any by then (the probe failed), and retries on a refused connection.
        pusher.stop();
        System.out.printf("[drain] pushes: %s%n", ledger.summary());
        assertEquals(0, ledger.failedCount(), "pushes that failed: " + ledger.failureExamples());
        await("the stopping node to exit")
                .atMost(DELAY.plus(ClusterProcess.STOP_GRACE))
                .until(() -> draining.isAlive() ? "still running" : null, nullValue());
        assertEquals(0, draining.exitCode(), "exit code after SIGTERM; " + draining.logTail(20));
        List<ClusterNode> others = List.of(cluster.node(0), cluster.node(1));
        cluster.awaitMembers(2, ClusterProcess.MEMBER_TIMEOUT.multipliedBy(4));
        new LedgerCheck().awaitAllAcknowledged(pusher, others, ClusterProcess.RECONCILE_INTERVAL.multipliedBy(3));
        assertEquals(
                List.of(),
                LogLines.notOneLinePerEvent(draining).stream()
                        .filter(l -> l.contains("Exception"))
                        .toList(),
                "stack traces in the stopping node's log");
    }
}
