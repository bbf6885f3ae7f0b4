package io.pushgateway.cluster.it.cluster;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 4: a group not pushed again within its time to live disappears from every node within a
 * second of its deadline, also when its partition owner dies, and never comes back; pushes
 * through any node restart the clock; DELETE removes it regardless.
 */
@Tag("slow")
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class TtlExpiryTest {
    private static final int GROUPS = 30;

    private final PushClient client = new PushClient();
    private final Http http = new Http();

    @AutoClose
    private ClusterProcess cluster;

    @BeforeEach
    void startCluster() {
        cluster = ClusterProcess.start("ttl", 3, List.of());
    }

    @Test
    void expiresOnEveryNodeWithinASecondOfItsDeadlineWhileOtherGroupsArePushed() throws Exception {
        AtomicBoolean pushing = new AtomicBoolean(true);
        AtomicInteger steadyFailures = new AtomicInteger();
        Thread steady = new Thread(
                () -> {
                    for (int i = 0; pushing.get(); i++) {
                        Http.Reply reply = client.put(cluster.node(i % 3), "ttl_steady", "s" + (i % 10), "steady 1\n");
                        if (reply.status() != 200) {
                            steadyFailures.incrementAndGet();
                        }
                    }
                },
                "steady-pusher");
        steady.start();
        try {
            for (int i = 0; i < GROUPS; i++) {
                assertEquals(
                        200,
                        push(cluster.node(i % 3), "ttl_expiry", "e" + i, "2s").status());
            }
            Map<String, Instant> deadlines = deadlines(cluster.node(0), "ttl_expiry");
            assertEquals(GROUPS, deadlines.size(), "every group shows its expiry time");
            List<Long> delays = awaitGoneEverywhere("ttl_expiry", deadlines);
            Percentiles p = Percentiles.of(delays);
            System.out.printf("[ttl] deadline -> gone on all 3 nodes, %d groups: %s%n", GROUPS, p);
            assertTrue(p.maxMillis() < 1000, "every group gone within 1 s of its deadline: " + p);
        } finally {
            pushing.set(false);
            steady.join();
        }
        assertEquals(0, steadyFailures.get(), "pushes to other groups went on undisturbed");
        for (ClusterNode node : cluster.nodes()) {
            assertTrue(
                    http.get(node.uri("/metrics")).body().contains("job=\"ttl_steady\""),
                    node + " kept the other groups");
        }
    }

    @Test
    void pushesThroughOtherNodesRestartTheClock() {
        assertEquals(200, push(cluster.node(0), "ttl_refresh", "r", "2s").status());
        await("the group on every node")
                .atMost(Duration.ofSeconds(1))
                .until(() -> absentOn("ttl_refresh"), nullValue());
        Instant end = Instant.now().plusSeconds(5);
        for (int i = 1; Instant.now().isBefore(end); i++) {
            assertEquals(
                    200, push(cluster.node(i % 3), "ttl_refresh", "r", "2s").status());
            for (ClusterNode node : cluster.nodes()) {
                assertTrue(
                        http.get(node.uri("/metrics")).body().contains("job=\"ttl_refresh\""),
                        node + " dropped a group that was pushed again (through another node) before its deadline");
            }
            LockSupport.parkNanos(Duration.ofMillis(400).toNanos());
        }
        await("the group gone from every node after the pushes stopped")
                .atMost(Duration.ofSeconds(4))
                .until(() -> presentOn("ttl_refresh"), nullValue());
    }

    @Test
    void expiryOutlivesTheDeathOfThePartitionOwner() {
        // Thirty groups spread their partitions over all members, so the killed node owned some.
        for (int i = 0; i < GROUPS; i++) {
            assertEquals(
                    200, push(cluster.node(i % 3), "ttl_owner", "o" + i, "4s").status());
        }
        Map<String, Instant> deadlines = deadlines(cluster.node(0), "ttl_owner");
        cluster.kill(2);
        List<ClusterNode> survivors = cluster.liveNodes();
        List<Long> delays = awaitGone(survivors, "ttl_owner", deadlines);
        System.out.printf(
                "[ttl] after kill -9 of a member: deadline -> gone on both survivors: %s%n", Percentiles.of(delays));
        assertTrue(Percentiles.of(delays).maxMillis() < 1000, "gone within 1 s of the deadline");
        // Reconciliation runs every 5 s and after the membership change: nothing may come back.
        await("expired groups stay gone")
                .during(Duration.ofSeconds(12))
                .atMost(Duration.ofSeconds(13))
                .until(
                        () -> {
                            for (ClusterNode node : survivors) {
                                if (http.get(node.uri("/metrics")).body().contains("job=\"ttl_owner\"")) {
                                    return node + " shows an expired group again";
                                }
                            }
                            return null;
                        },
                        nullValue());
    }

    @Test
    void deleteRemovesAGroupWithTtlEverywhere() {
        assertEquals(200, push(cluster.node(0), "ttl_delete", "d", "1h").status());
        await("the group on every node").atMost(Duration.ofSeconds(2)).until(() -> absentOn("ttl_delete"), nullValue());
        assertEquals(202, client.delete(cluster.node(1), "ttl_delete", "d").status());
        await("the group gone from every node")
                .atMost(Duration.ofSeconds(2))
                .until(() -> presentOn("ttl_delete"), nullValue());
    }

    private Http.Reply push(ClusterNode node, String job, String instance, String ttl) {
        return http.send(
                "PUT", node.uri(PushClient.groupPath(job, instance) + "?ttl=" + ttl), "ttl_value 1\n", Http.WRITE);
    }

    /** Each group's expiry time by instance, as the JSON API states it. */
    private Map<String, Instant> deadlines(ClusterNode node, String job) {
        Map<String, Instant> result = new HashMap<>();
        Object data = MiniJson.path(
                MiniJson.parse(http.get(node.uri("/api/v1/metrics")).body()), "data");
        for (Object group : (List<?>) data) {
            if (job.equals(MiniJson.path(group, "labels", "job"))) {
                result.put((String) MiniJson.path(group, "labels", "instance"), Instant.parse((String)
                        MiniJson.path(group, "expires_at")));
            }
        }
        return result;
    }

    private List<Long> awaitGoneEverywhere(String job, Map<String, Instant> deadlines) {
        return awaitGone(cluster.nodes(), job, deadlines);
    }

    /** Polls until no node shows any group of the job; returns, per group, deadline to gone-everywhere. */
    private List<Long> awaitGone(List<ClusterNode> nodes, String job, Map<String, Instant> deadlines) {
        Map<String, Long> goneAt = new HashMap<>();
        Instant giveUp = deadlines.values().stream()
                .max(Instant::compareTo)
                .orElseThrow()
                .plusSeconds(5);
        while (goneAt.size() < deadlines.size() && Instant.now().isBefore(giveUp)) {
            List<String> bodies = new ArrayList<>();
            for (ClusterNode node : nodes) {
                bodies.add(http.get(node.uri("/metrics")).body());
            }
            Instant now = Instant.now();
            for (String instance : deadlines.keySet()) {
                String series = "instance=\"" + instance + "\",job=\"" + job + "\"";
                boolean anywhere = bodies.stream().anyMatch(b -> b.contains(series));
                if (anywhere && now.isAfter(deadlines.get(instance).plusMillis(1000))) {
                    continue;
                }
                if (!anywhere && !goneAt.containsKey(instance)) {
                    assertTrue(
                            !now.isBefore(deadlines.get(instance).minusMillis(50)),
                            instance + " vanished before its deadline " + deadlines.get(instance) + " (now " + now
                                    + ")");
                    goneAt.put(
                            instance,
                            Duration.between(deadlines.get(instance), now).toNanos());
                }
            }
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
        assertEquals(
                deadlines.size(),
                goneAt.size(),
                "groups still shown long after their deadline: "
                        + deadlines.keySet().stream()
                                .filter(i -> !goneAt.containsKey(i))
                                .toList());
        return new ArrayList<>(goneAt.values());
    }

    private String presentOn(String job) {
        for (ClusterNode node : cluster.liveNodes()) {
            if (http.get(node.uri("/metrics")).body().contains("job=\"" + job + "\"")) {
                return node + " still shows " + job;
            }
        }
        return null;
    }

    private String absentOn(String job) {
        for (ClusterNode node : cluster.liveNodes()) {
            if (!http.get(node.uri("/metrics")).body().contains("job=\"" + job + "\"")) {
                return node + " does not show " + job + " yet";
            }
        }
        return null;
    }
}
