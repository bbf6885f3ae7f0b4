package io.pushgateway.cluster.it.realworld;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pushgateway.cluster.it.cluster.ClusterProcess;
import io.pushgateway.cluster.it.cluster.LedgerCheck;
import io.pushgateway.cluster.it.cluster.NodeScrapes;
import io.pushgateway.cluster.it.cluster.PushLedger;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 3, guarantee 4 as a user with a load balancer sees it: the three nodes behind nginx are
 * restarted one at a time (SIGTERM, start again, wait until ready) while clients push only through
 * nginx; nothing nginx acknowledged is lost, and scrapes through nginx never fail or lack a group.
 */
@Tag("slow")
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class LoadBalancedRollingRestartTest {

    private static final int ACKS_BETWEEN_STEPS = 100;

    @Test
    void rollingRestartBehindNginxLosesNoAcknowledgedPush() {
        try (BalancedCluster balanced = BalancedCluster.start("lb-rolling", ACKS_BETWEEN_STEPS)) {
            ClusterProcess cluster = balanced.cluster;
            NginxLoadBalancer nginx = balanced.nginx;
            TrafficThroughBalancer traffic = balanced.traffic;
            PushLedger ledger = traffic.ledger();

            long restartsBegan = System.nanoTime();
            for (int i = 0; i < cluster.size(); i++) {
                long stepBegan = System.nanoTime();
                cluster.stop(i);
                cluster.awaitMembers(2, ClusterProcess.MEMBER_TIMEOUT.multipliedBy(4));
                cluster.startAgain(i);
                cluster.awaitReady(i, ClusterProcess.START_TIMEOUT);
                cluster.awaitMembers(3, ClusterProcess.START_TIMEOUT);
                System.out.printf(
                        "[lb-rolling] %s stopped, started and ready in %.1f s; pushes so far: %s%n",
                        cluster.node(i), (System.nanoTime() - stepBegan) / 1e9, ledger.summary());
                traffic.awaitMoreAcks(ACKS_BETWEEN_STEPS);
            }
            traffic.stop();

            System.out.printf("[lb-rolling] pushes through nginx: %s%n", ledger.summary());
            System.out.printf(
                    "[lb-rolling] acknowledged during the restarts: %d; nginx passed %d requests on to another node%n",
                    ledger.acknowledgedSince(restartsBegan), nginx.requestsRetriedOnAnotherNode());
            System.out.printf("[lb-rolling] %s%n", traffic.probe().summary());
            assertAll(
                    () -> new LedgerCheck()
                            .awaitAllAcknowledged(
                                    traffic.pusher(),
                                    cluster.nodes(),
                                    ClusterProcess.RECONCILE_INTERVAL.multipliedBy(3)),
                    () -> assertEquals(
                            0,
                            ledger.unexpectedCount(),
                            "pushes answered other than 2xx or 503 through nginx: " + ledger.unexpectedExamples() + "\n"
                                    + nginx.logs(20)),
                    () -> assertEquals(
                            0,
                            traffic.probe().failures(),
                            "scrapes through nginx failed: " + traffic.probe().failureExamples() + "\n"
                                    + nginx.logs(20)),
                    () -> new NodeScrapes().awaitIdentical(cluster.nodes(), Duration.ofSeconds(2)));
        }
    }
}
