package io.pushgateway.cluster.it.realworld;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pushgateway.cluster.it.cluster.ClusterNode;
import io.pushgateway.cluster.it.cluster.ClusterProcess;
import io.pushgateway.cluster.it.cluster.LedgerCheck;
import io.pushgateway.cluster.it.cluster.NodeScrapes;
import io.pushgateway.cluster.it.cluster.PushLedger;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 3, guarantee 3 as a user with a load balancer sees it: clients push only through nginx,
 * one node of three gets {@code kill -9}; every push nginx answered 2xx is afterwards on both
 * survivors with its latest acknowledged value, and scrapes through nginx never fail or lack a
 * group.
 */
@Tag("slow")
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class LoadBalancedKillTest {

    private static final int WARM_UP_ACKS = 200;
    private static final int ACKS_AFTER_LOSS = 200;

    @Test
    void pushesAcknowledgedThroughNginxSurviveKillNineOfANode() {
        try (BalancedCluster balanced = BalancedCluster.start("lb-kill", WARM_UP_ACKS)) {
            ClusterProcess cluster = balanced.cluster;
            NginxLoadBalancer nginx = balanced.nginx;
            TrafficThroughBalancer traffic = balanced.traffic;
            PushLedger ledger = traffic.ledger();

            // The oldest member is Hazelcast's master: losing it also means electing a new one.
            int victim = cluster.oldestMember(cluster.node(0));
            long killedAt = System.nanoTime();
            cluster.kill(victim);
            cluster.awaitMembers(2, ClusterProcess.MEMBER_TIMEOUT.multipliedBy(4));
            long lossNoticedAt = System.nanoTime();
            traffic.awaitMoreAcks(ACKS_AFTER_LOSS);
            traffic.stop();

            System.out.printf(
                    "[lb-kill] killed node %d (the master); survivors saw 2 members %.1f s after kill -9%n",
                    victim, (lossNoticedAt - killedAt) / 1e9);
            System.out.printf("[lb-kill] pushes through nginx: %s%n", ledger.summary());
            System.out.printf(
                    "[lb-kill] acknowledged after the kill: %d; nginx passed %d requests on to another node%n",
                    ledger.acknowledgedSince(killedAt), nginx.requestsRetriedOnAnotherNode());
            System.out.printf("[lb-kill] %s%n", traffic.probe().summary());
            List<ClusterNode> survivors = cluster.liveNodes();
            assertAll(
                    () -> new LedgerCheck()
                            .awaitAllAcknowledged(
                                    traffic.pusher(), survivors, ClusterProcess.RECONCILE_INTERVAL.multipliedBy(3)),
                    // With retries on connection failure nginx never has to give up: no 502 or 504 reaches a client.
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
                    () -> new NodeScrapes().awaitIdentical(survivors, Duration.ofSeconds(2)));
        }
    }
}
