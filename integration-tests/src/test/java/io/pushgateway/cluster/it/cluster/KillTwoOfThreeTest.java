package io.pushgateway.cluster.it.cluster;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 15: {@code kill -9} of two nodes of three, half a second apart, under pushes. The survivor
 * has no quorum: it refuses writes but keeps and serves every group acknowledged, through
 * reconciliation rounds. Both killed nodes come back (with their snapshot files, which they discard
 * as they join a running cluster): every acknowledged group is on every node. With the default
 * backup count the survivor holds every partition; with one backup, the partitions whose owner and
 * backup both died are lost in Hazelcast and written back from the survivor's replica.
 */
@Tag("slow")
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class KillTwoOfThreeTest {

    private static final int WARM_UP_ACKS = 600;
    private static final String JOB = "kill-two";

    @TempDir
    Path dir;

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

    @ParameterizedTest(name = "backups: {0}")
    @ValueSource(strings = {"default", "1"})
    void everyAcknowledgedGroupSurvivesTwoOfThreeKilledAndIsOnEveryNodeOnceTheyAreBack(String backups) {
        List<String> flags = new ArrayList<>(List.of("--persistence.interval=1s"));
        if (!backups.equals("default")) {
            flags.add("--cluster.backup-count=" + backups);
        }
        cluster = ClusterProcess.start(
                "kill-two",
                3,
                flags,
                i -> List.of("--persistence.file=" + dir.resolve("node-" + i).resolve("groups.snapshot")));
        pusher = Pusher.straightTo(JOB, cluster.nodes());
        pusher.start();
        PushLedger ledger = pusher.ledger();
        pusher.awaitMoreAcks(WARM_UP_ACKS);

        cluster.kill(1);
        LockSupport.parkNanos(Duration.ofMillis(500).toNanos());
        cluster.kill(2);
        ClusterNode survivor = cluster.node(0);
        cluster.awaitMembers(1, ClusterProcess.MEMBER_TIMEOUT.multipliedBy(4));
        await("the survivor refusing writes for want of a quorum")
                .atMost(Duration.ofSeconds(30))
                .until(
                        () -> {
                            Http.Reply reply = http.send(
                                    "PUT", survivor.uri("/metrics/job/" + JOB + "-probe"), "probe 1\n", Http.WRITE);
                            return reply.status() == 503 ? null : "last answer " + reply;
                        },
                        nullValue());
        pusher.stop();
        System.out.printf("[kill-two] pushes: %s%n", ledger.summary());

        LedgerCheck check = new LedgerCheck();
        check.awaitAllAcknowledged(pusher, List.of(survivor), ClusterProcess.RECONCILE_INTERVAL.multipliedBy(3));
        // Reconciliation runs every few seconds; none of its rounds may drop a group.
        Duration rounds = ClusterProcess.RECONCILE_INTERVAL.multipliedBy(3);
        await("the survivor holding every acknowledged group")
                .during(rounds)
                .atMost(rounds.plusSeconds(1))
                .until(
                        () -> {
                            List<String> wrong = check.contradictions(pusher, survivor, ledger.acknowledged());
                            return wrong.isEmpty()
                                    ? null
                                    : wrong.size() + " wrong, e.g. " + wrong.subList(0, Math.min(5, wrong.size()));
                        },
                        nullValue());

        cluster.startAgain(1);
        cluster.startAgain(2);
        cluster.awaitReady(1, ClusterProcess.START_TIMEOUT);
        cluster.awaitReady(2, ClusterProcess.START_TIMEOUT);
        cluster.awaitMembers(3, ClusterProcess.START_TIMEOUT);
        int groups =
                check.awaitAllAcknowledged(pusher, cluster.nodes(), ClusterProcess.RECONCILE_INTERVAL.multipliedBy(3));
        System.out.printf("[kill-two] all %d acknowledged groups on every node after both restarted%n", groups);
        await("writes accepted again")
                .atMost(Duration.ofSeconds(60))
                .until(
                        () -> {
                            Http.Reply reply = http.send(
                                    "PUT",
                                    cluster.node(1).uri("/metrics/job/" + JOB + "-probe"),
                                    "probe 2\n",
                                    Http.WRITE);
                            return reply.ok() ? null : "last answer " + reply;
                        },
                        nullValue());
        assertEquals(
                0,
                ledger.unexpectedCount(),
                "answers other than 2xx, 503 or no connection: " + ledger.unexpectedExamples());
        new NodeScrapes().awaitIdentical(cluster.nodes(), Duration.ofSeconds(2));
    }
}
