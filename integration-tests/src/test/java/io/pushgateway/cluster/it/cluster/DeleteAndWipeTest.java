package io.pushgateway.cluster.it.cluster;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 3, guarantee 6: DELETE and admin wipe take effect on every node, and a deleted group
 * never comes back, neither through reconciliation rounds nor after a node restart.
 */
@Tag("slow")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class DeleteAndWipeTest {

    private static final Duration EVERYWHERE = Duration.ofSeconds(1);
    /** Long enough for more than two reconciliation rounds on every node. */
    private static final Duration RECONCILE_ROUNDS =
            ClusterProcess.RECONCILE_INTERVAL.multipliedBy(2).plusSeconds(2);

    private static final int GROUPS = 6;

    private final PushClient client = new PushClient();
    private final NodeScrapes scrapes = new NodeScrapes();
    private ClusterProcess cluster;

    @BeforeAll
    void startCluster() {
        cluster = ClusterProcess.start("delete-wipe", 3, List.of("--web.enable-admin-api"));
    }

    @AfterAll
    void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void deletedGroupDisappearsEverywhereAndNeverComesBack() {
        pushGroups("del");
        ClusterNode deleter = cluster.node(1);
        Http.Reply deleted = client.delete(deleter, "del", "g0");
        assertEquals(202, deleted.status(), "DELETE through " + deleter + ": " + deleted);
        long deletedAt = System.nanoTime();
        assertEquals(Map.of(), groupOn(deleter, "del", "g0"), "the deleting node's next scrape still shows the group");
        await("deleted group gone from every node")
                .atMost(EVERYWHERE)
                .until(() -> groupPresent("del", "g0"), nullValue());
        System.out.printf(
                "[delete-wipe] deleted group gone from all 3 nodes %.0f ms after the 202%n",
                (System.nanoTime() - deletedAt) / 1e6);

        await("deleted group absent through reconciliation rounds")
                .during(RECONCILE_ROUNDS)
                .atMost(RECONCILE_ROUNDS.plusSeconds(1))
                .until(() -> deletedAbsentOthersPresent("del"), nullValue());
        System.out.printf(
                "[delete-wipe] deleted group stayed absent on all nodes for %s (reconcile interval %s)%n",
                RECONCILE_ROUNDS, ClusterProcess.RECONCILE_INTERVAL);

        cluster.kill(deleter.index());
        cluster.awaitMembers(2, ClusterProcess.MEMBER_TIMEOUT.multipliedBy(4));
        cluster.startAgain(deleter.index());
        cluster.awaitReady(deleter.index(), ClusterProcess.START_TIMEOUT);
        assertEquals(
                Map.of(), groupOn(deleter, "del", "g0"), "the restarted node's first scrape shows the deleted group");
        cluster.awaitMembers(3, ClusterProcess.START_TIMEOUT);
        Duration afterRestart = ClusterProcess.RECONCILE_INTERVAL.plusSeconds(2);
        await("deleted group absent after a restart")
                .during(afterRestart)
                .atMost(afterRestart.plusSeconds(1))
                .until(() -> deletedAbsentOthersPresent("del"), nullValue());
        System.out.println("[delete-wipe] deleted group stayed absent after kill -9 and restart of the deleting node");
    }

    @Test
    void wipeEmptiesEveryNodeAndItStaysEmpty() {
        pushGroups("wipe");
        ClusterNode wiper = cluster.node(2);
        Http.Reply wiped = client.wipe(wiper);
        assertEquals(202, wiped.status(), "wipe through " + wiper + ": " + wiped);
        long wipedAt = System.nanoTime();
        assertEquals("", Scrape.pushedPart(scrapes.body(wiper)), "the wiping node's next scrape still shows groups");
        await("every node empty after the wipe").atMost(EVERYWHERE).until(this::anyGroupLeft, nullValue());
        System.out.printf(
                "[delete-wipe] all 3 nodes empty %.0f ms after the wipe's 202%n", (System.nanoTime() - wipedAt) / 1e6);
        await("every node empty through reconciliation rounds")
                .during(RECONCILE_ROUNDS)
                .atMost(RECONCILE_ROUNDS.plusSeconds(1))
                .until(this::anyGroupLeft, nullValue());

        Http.Reply again = client.put(cluster.node(0), "wipe", "after", "# TYPE wipe_after gauge\nwipe_after 1\n");
        assertEquals(200, again.status(), "push after the wipe: " + again);
        await("push after the wipe on every node")
                .atMost(EVERYWHERE)
                .until(
                        () -> cluster.nodes().stream()
                                .filter(node -> groupOn(node, "wipe", "after").isEmpty())
                                .findFirst()
                                .map(ClusterNode::toString)
                                .orElse(null),
                        nullValue());
    }

    private void pushGroups(String job) {
        for (int g = 0; g < GROUPS; g++) {
            ClusterNode via = cluster.node(g % 3);
            Http.Reply reply =
                    client.put(via, job, "g" + g, "# TYPE " + job + "_value gauge\n" + job + "_value " + g + "\n");
            assertEquals(200, reply.status(), "push through " + via + ": " + reply);
        }
        await("every group on every node")
                .atMost(EVERYWHERE)
                .until(
                        () -> {
                            for (ClusterNode node : cluster.nodes()) {
                                for (int g = 0; g < GROUPS; g++) {
                                    if (groupOn(node, job, "g" + g).isEmpty()) {
                                        return node + " lacks " + job + "/g" + g;
                                    }
                                }
                            }
                            return null;
                        },
                        nullValue());
    }

    /** Every sample of the group on the node, by metric name; empty if the node does not show it. */
    private Map<String, String> groupOn(ClusterNode node, String job, String instance) {
        return scrapes.parse(node).valuesByName(Map.of("job", job, "instance", instance));
    }

    private String groupPresent(String job, String instance) {
        for (ClusterNode node : cluster.liveNodes()) {
            Map<String, String> shown = groupOn(node, job, instance);
            if (!shown.isEmpty()) {
                return node + " shows " + job + "/" + instance + ": " + shown;
            }
        }
        return null;
    }

    private String deletedAbsentOthersPresent(String job) {
        String revived = groupPresent(job, "g0");
        if (revived != null) {
            return "deleted group is back: " + revived;
        }
        for (ClusterNode node : cluster.liveNodes()) {
            for (int g = 1; g < GROUPS; g++) {
                if (groupOn(node, job, "g" + g).isEmpty()) {
                    return node + " lost " + job + "/g" + g + ", which was never deleted";
                }
            }
        }
        return null;
    }

    private String anyGroupLeft() {
        for (ClusterNode node : cluster.liveNodes()) {
            String pushed = Scrape.pushedPart(scrapes.body(node));
            if (!pushed.isEmpty()) {
                return node + " still shows:\n" + pushed;
            }
        }
        return null;
    }
}
