package io.pushgateway.cluster.it.cluster;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 8, persistence: three nodes, each with a snapshot file of its own, survive a restart of the
 * whole cluster; the loss window is what was pushed after the last snapshot; and a node rejoining a
 * running cluster never brings back its old snapshot.
 */
@Tag("slow")
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class PersistenceRestartTest {
    private static final String JOB = "persisted";
    private static final Duration SNAPSHOT_WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private final PushClient client = new PushClient();
    private final Http http = new Http();
    private final NodeScrapes scrapes = new NodeScrapes();

    @AutoClose
    private ClusterProcess cluster;

    private void startCluster(String name, String interval) {
        cluster = ClusterProcess.start(
                name,
                3,
                List.of("--persistence.interval=" + interval),
                i -> List.of("--persistence.file=" + dir.resolve("node-" + i).resolve("groups.snapshot")));
    }

    @Test
    void periodicSnapshotsBringEveryGroupBackAfterTheWholeClusterCrashed() {
        startCluster("persist-crash", "1s");
        for (int i = 0; i < 20; i++) {
            String body = "# TYPE batch_runs_total counter\nbatch_runs_total " + (i + 1) + "\nbatch_ok 1\n";
            Http.Reply reply = i % 2 == 0
                    ? client.put(cluster.node(i % 3), JOB, "i" + i, body)
                    : http.send(
                            "PUT",
                            cluster.node(i % 3).uri(PushClient.groupPath(JOB, "i" + i) + "?ttl=1h"),
                            body,
                            Http.WRITE);
            assertEquals(200, reply.status(), "push " + i + ": " + reply);
        }
        awaitSnapshotOnEveryNode(20);
        String scrapeBefore = scrapes.awaitIdentical(cluster.nodes(), Duration.ofSeconds(10));
        String apiBefore = http.get(cluster.node(0).uri("/api/v1/metrics")).body();

        for (int i = 0; i < 3; i++) {
            cluster.kill(i);
        }
        startAllAgain();

        String scrapeAfter = scrapes.awaitIdentical(cluster.nodes(), Duration.ofSeconds(30));
        assertEquals(scrapeBefore, scrapeAfter, "same groups, values and push times on every node");
        for (ClusterNode node : cluster.nodes()) {
            assertEquals(
                    apiBefore, http.get(node.uri("/api/v1/metrics")).body(), node + ": same TTLs and deadlines too");
        }
        List<Double> restored = cluster.nodes().stream()
                .map(n -> nodeMetric(n, "pushgateway_persistence_restored_groups"))
                .toList();
        assertEquals(20.0, restored.stream().mapToDouble(Double::doubleValue).sum(), "one node restored: " + restored);
        assertEquals(1, restored.stream().filter(r -> r > 0).count(), "exactly one node restored: " + restored);
        assertEquals(
                200, client.put(cluster.node(2), JOB, "i0", "batch_ok 0\n").status(), "restored groups take pushes");
    }

    @Test
    void aGracefulFullRestartKeepsEverythingAndACrashLosesOnlyWhatCameAfterTheLastSnapshot() {
        // No periodic snapshot within the test: only the one each node writes when it is ready and the
        // one it writes when it stops.
        startCluster("persist-stop", "1h");
        for (int i = 0; i < 10; i++) {
            assertEquals(
                    200,
                    client.put(cluster.node(i % 3), JOB, "g" + i, "kept " + i + "\n")
                            .status());
        }
        scrapes.awaitIdentical(cluster.nodes(), Duration.ofSeconds(10));
        // One node after another, with a push in between: only the nodes stopped later hold it, and
        // the newest snapshot is the one restored.
        cluster.stop(0);
        cluster.awaitMembers(2, ClusterProcess.MEMBER_TIMEOUT.multipliedBy(4));
        assertEquals(
                200, client.put(cluster.node(1), JOB, "between", "between 1\n").status());
        String before = scrapes.awaitIdentical(cluster.liveNodes(), Duration.ofSeconds(10));
        cluster.stop(1);
        cluster.stop(2);
        startAllAgain();
        assertEquals(
                before,
                scrapes.awaitIdentical(cluster.nodes(), Duration.ofSeconds(30)),
                "the snapshots written on shutdown held every push");
        assertEquals(
                0.0,
                nodeMetric(cluster.node(0), "pushgateway_persistence_restored_groups"),
                "the node stopped first has the oldest snapshot");

        // Every node wrote its snapshot on becoming ready; what is pushed now is in none of them.
        awaitSnapshotOnEveryNode(11);
        assertEquals(200, client.put(cluster.node(0), JOB, "late", "late 1\n").status());
        for (int i = 0; i < 3; i++) {
            cluster.kill(i);
        }
        startAllAgain();
        String after = scrapes.awaitIdentical(cluster.nodes(), Duration.ofSeconds(30));
        assertEquals(before, after, "everything up to the last snapshot is back, the late push is lost");
    }

    @Test
    void aNodeRejoiningARunningClusterDoesNotBringBackItsOldSnapshot() {
        startCluster("persist-rejoin", "1s");
        assertEquals(200, client.put(cluster.node(0), JOB, "deleted", "d 1\n").status());
        assertEquals(200, client.put(cluster.node(1), JOB, "updated", "u 1\n").status());
        assertEquals(200, client.put(cluster.node(2), JOB, "kept", "k 1\n").status());
        awaitSnapshotOnEveryNode(3);

        cluster.stop(2);
        cluster.awaitMembers(2, ClusterProcess.MEMBER_TIMEOUT.multipliedBy(4));
        assertEquals(202, client.delete(cluster.node(0), JOB, "deleted").status());
        assertEquals(200, client.put(cluster.node(1), JOB, "updated", "u 2\n").status());
        assertEquals(200, client.put(cluster.node(0), JOB, "new", "n 1\n").status());
        String running = scrapes.awaitIdentical(cluster.liveNodes(), Duration.ofSeconds(10));

        cluster.startAgain(2);
        cluster.awaitReady(2, ClusterProcess.START_TIMEOUT);
        cluster.awaitMembers(3, ClusterProcess.START_TIMEOUT);
        assertEquals(0.0, nodeMetric(cluster.node(2), "pushgateway_persistence_restored_groups"));
        // Through a reconciliation round on every node: nothing old may come back later either.
        Duration rounds = ClusterProcess.RECONCILE_INTERVAL.multipliedBy(2);
        await("the cluster's data stays as it was before the node came back")
                .during(rounds)
                .atMost(rounds.plusSeconds(1))
                .until(
                        () -> {
                            for (ClusterNode node : cluster.nodes()) {
                                String pushed = Scrape.pushedPart(scrapes.body(node));
                                if (!pushed.equals(running)) {
                                    return node + ": " + NodeScrapes.firstDifference(running, pushed);
                                }
                            }
                            return null;
                        },
                        nullValue());
        assertTrue(running.contains("u{instance=\"updated\",job=\"persisted\"} 2\n"), running);
        assertFalse(running.contains("instance=\"deleted\""), running);
    }

    private void startAllAgain() {
        for (int i = 0; i < 3; i++) {
            cluster.startAgain(i);
        }
        for (int i = 0; i < 3; i++) {
            cluster.awaitReady(i, ClusterProcess.START_TIMEOUT);
        }
        cluster.awaitMembers(3, ClusterProcess.START_TIMEOUT);
    }

    /**
     * Waits until every node's last snapshot holds {@code groups} groups. The tests only add groups
     * before they wait, so that count means every group is in it.
     */
    private void awaitSnapshotOnEveryNode(int groups) {
        await("a snapshot of " + groups + " groups on every node")
                .atMost(SNAPSHOT_WAIT)
                .until(
                        () -> {
                            for (ClusterNode node : cluster.nodes()) {
                                double held = nodeMetric(node, "pushgateway_persistence_last_snapshot_groups");
                                if (held != groups) {
                                    return node + " last wrote a snapshot of " + held + " groups";
                                }
                            }
                            return null;
                        },
                        nullValue());
    }

    private double nodeMetric(ClusterNode node, String name) {
        Http.Reply reply = http.get(node.uri("/metrics/node"));
        Matcher m = Pattern.compile("(?m)^" + name + " (\\S+)$").matcher(reply.body());
        if (!m.find()) {
            throw new AssertionError(name + " missing on " + node + ": " + reply.status());
        }
        return Double.parseDouble(m.group(1));
    }
}
