package io.pushgateway.cluster.it.cluster;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 14: three nodes with {@code -Xmx256m}, flooded by clients pushing new groups of 50 series
 * through every node, fill the store up to the limit derived from their heap and then refuse
 * further groups with 507, answering throughout: no node stalls or dies, every acknowledged group
 * is served afterwards, no refused one is, and deleting groups makes room for pushes again.
 */
@Tag("slow")
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class StoreFullFloodTest {

    private static final int CLIENTS = 8;
    private static final int SERIES_PER_GROUP = 50;
    /** What a group counts against the limit: its series and its two push-time series. */
    private static final int COUNTED_PER_GROUP = SERIES_PER_GROUP + 2;
    /**
     * About {@code HeapSizing.seriesLimit} of the 256 MiB heap every test node runs with (the JVM
     * reports a little less than -Xmx as its maximum with some collectors).
     */
    private static final long LOWEST_EXPECTED_LIMIT = 95_000;

    private static final long HIGHEST_EXPECTED_LIMIT = 104_857;
    private static final int REFUSALS_PER_CLIENT = 5;
    private static final Duration FLOOD_DEADLINE = Duration.ofMinutes(6);

    private final Http http = new Http();
    private final PushClient client = new PushClient();
    private final NodeScrapes scrapes = new NodeScrapes();

    @AutoClose
    private ClusterProcess cluster;

    @Test
    void aFullStoreRefusesNewGroupsWithAnAnswerAndMakesRoomWhenGroupsAreDeleted() throws Exception {
        cluster = ClusterProcess.start("store-full", 3, List.of());
        long limit = (long) nodeMetric(cluster.node(0), "pushgateway_store_series_limit");
        assertTrue(limit >= LOWEST_EXPECTED_LIMIT && limit <= HIGHEST_EXPECTED_LIMIT, "derived from 256 MiB: " + limit);
        for (ClusterNode node : cluster.nodes()) {
            assertEquals(limit, nodeMetric(node, "pushgateway_store_series_limit"), 0, "the same limit on " + node);
        }

        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        Set<String> refused = ConcurrentHashMap.newKeySet();
        ConcurrentLinkedQueue<String> wrongAnswers = new ConcurrentLinkedQueue<>();
        AtomicBoolean flooding = new AtomicBoolean(true);
        HealthWatch health = new HealthWatch(cluster.nodes(), flooding);
        health.start();
        List<Thread> clients = new ArrayList<>();
        long started = System.nanoTime();
        for (int c = 0; c < CLIENTS; c++) {
            int clientIndex = c;
            Thread thread = new Thread(
                    () -> flood(clientIndex, limit, acknowledged, refused, wrongAnswers, started), "flood-client-" + c);
            thread.start();
            clients.add(thread);
        }
        for (Thread thread : clients) {
            thread.join(FLOOD_DEADLINE.plusMinutes(1).toMillis());
        }
        flooding.set(false);
        health.join(Duration.ofSeconds(30).toMillis());
        System.out.printf(
                "[store-full] %d groups acknowledged, %d refused with 507 in %.0f s; %s%n",
                acknowledged.size(), refused.size(), (System.nanoTime() - started) / 1e9, health.summary());

        assertTrue(wrongAnswers.isEmpty(), "every push answered 200 or 507: " + wrongAnswers);
        assertTrue(refused.size() >= CLIENTS * REFUSALS_PER_CLIENT, "the flood reached the limit: " + refused.size());
        assertTrue(health.problems().isEmpty(), "/-/healthy answered throughout: " + health.problems());
        for (ClusterNode node : cluster.nodes()) {
            assertTrue(node.isAlive(), node + " is alive");
        }
        long accepted = (long) acknowledged.size() * COUNTED_PER_GROUP;
        assertTrue(
                accepted <= limit + CLIENTS * COUNTED_PER_GROUP,
                "at most the pushes in flight beyond the limit: " + accepted);
        assertTrue(accepted >= limit - COUNTED_PER_GROUP, "filled up to the limit: " + accepted);

        // Every node serves every acknowledged group and none of the refused ones.
        for (ClusterNode node : cluster.nodes()) {
            await(node + " serves every acknowledged group")
                    .atMost(Duration.ofSeconds(60))
                    .until(() -> missingGroups(node, acknowledged, refused), nullValue());
            assertEquals(accepted, nodeMetric(node, "pushgateway_store_series"), 0, node.toString());
        }
        double storeFull = 0;
        for (ClusterNode node : cluster.nodes()) {
            storeFull += nodeMetric(node, "pushgateway_rejected_writes_total{reason=\"store_full\"}");
        }
        assertEquals(refused.size(), storeFull, 0, "refusals counted by reason");

        // Deleting groups makes room: after ten deletes, a new group of 50 is accepted again.
        List<String> deleted = acknowledged.stream().limit(10).toList();
        for (String job : deleted) {
            assertEquals(202, client.delete(cluster.node(0), job, "i").status(), job);
        }
        // Through another node, whose replica may take a moment to see the deletes.
        await("a new group accepted after deletes")
                .atMost(Duration.ofSeconds(30))
                .until(
                        () -> {
                            Http.Reply reply = client.put(cluster.node(1), "after-delete", "i", body("after_delete"));
                            return reply.status() == 200 ? null : reply.toString();
                        },
                        nullValue());
    }

    private void flood(
            int clientIndex,
            long limit,
            Set<String> acknowledged,
            Set<String> refused,
            ConcurrentLinkedQueue<String> wrong,
            long started) {
        int refusals = 0;
        for (int n = 0; refusals < REFUSALS_PER_CLIENT; n++) {
            if (System.nanoTime() - started > FLOOD_DEADLINE.toNanos()) {
                wrong.add("client " + clientIndex + " saw only " + refusals + " refusals within " + FLOOD_DEADLINE);
                return;
            }
            String job = "flood-" + clientIndex + "-" + n;
            ClusterNode node = cluster.node((clientIndex + n) % cluster.size());
            Http.Reply reply = client.put(node, job, "i", body("flood_" + (n % 4)));
            if (reply.status() == 200) {
                acknowledged.add(job);
            } else if (reply.status() == 507
                    && reply.body().contains("--store.max-series")
                    && reply.body().contains("limit of " + limit + " series")) {
                refused.add(job);
                refusals++;
            } else {
                wrong.add(job + " via " + node + ": " + reply);
                if (wrong.size() > 20) {
                    return;
                }
            }
        }
    }

    /** A group of {@link #SERIES_PER_GROUP} series in five families. */
    private static String body(String prefix) {
        StringBuilder text = new StringBuilder();
        for (int f = 0; f < 5; f++) {
            text.append("# TYPE ").append(prefix).append("_family_").append(f).append(" gauge\n");
            for (int s = 0; s < SERIES_PER_GROUP / 5; s++) {
                text.append(prefix)
                        .append("_family_")
                        .append(f)
                        .append("{shard=\"")
                        .append(s)
                        .append("\"} ")
                        .append(s * 1.5)
                        .append('\n');
            }
        }
        return text.toString();
    }

    private String missingGroups(ClusterNode node, Set<String> acknowledged, Set<String> refused) {
        Http.Reply reply = http.send("GET", node.uri("/metrics"), null, Duration.ofSeconds(30));
        if (reply.status() != 200) {
            return "scrape: " + reply;
        }
        Set<String> jobs = new java.util.HashSet<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                        "push_time_seconds\\{instance=\"i\",job=\"([^\"]+)\"}")
                .matcher(reply.body());
        while (m.find()) {
            jobs.add(m.group(1));
        }
        List<String> missing = acknowledged.stream()
                .filter(job -> !jobs.contains(job))
                .limit(5)
                .toList();
        List<String> stored = refused.stream().filter(jobs::contains).limit(5).toList();
        if (!stored.isEmpty()) {
            throw new AssertionError("refused groups stored on " + node + ": " + stored);
        }
        return missing.isEmpty() ? null : jobs.size() + " groups served, missing e.g. " + missing;
    }

    private double nodeMetric(ClusterNode node, String series) {
        Http.Reply reply = http.get(node.uri("/metrics/node"));
        assertEquals(200, reply.status(), reply.toString());
        for (String line : reply.body().split("\n")) {
            if (line.startsWith(series + " ")) {
                return Double.parseDouble(line.substring(series.length() + 1).trim());
            }
        }
        throw new AssertionError(series + " not on " + node + "'s /metrics/node");
    }

    /** Asks every node's {@code /-/healthy} twice a second while the flood lasts; records any that does not answer 200. */
    private final class HealthWatch extends Thread {
        private final List<ClusterNode> nodes;
        private final AtomicBoolean running;
        private final ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
        private final AtomicInteger probes = new AtomicInteger();
        private final Map<ClusterNode, Long> slowest = new ConcurrentHashMap<>();

        HealthWatch(List<ClusterNode> nodes, AtomicBoolean running) {
            super("health-watch");
            this.nodes = nodes;
            this.running = running;
        }

        @Override
        public void run() {
            while (running.get()) {
                for (ClusterNode node : nodes) {
                    Http.Reply reply = http.send("GET", node.uri("/-/healthy"), null, Duration.ofSeconds(10));
                    probes.incrementAndGet();
                    slowest.merge(node, reply.nanos(), Math::max);
                    if (reply.status() != 200) {
                        problems.add(node + ": " + reply);
                    }
                }
                LockSupport.parkNanos(Duration.ofMillis(500).toNanos());
            }
        }

        List<String> problems() {
            return List.copyOf(problems);
        }

        String summary() {
            StringBuilder text = new StringBuilder(probes.get() + " health probes, slowest per node:");
            slowest.forEach((node, nanos) -> text.append(String.format(" %s %.0f ms", node, nanos / 1e6)));
            return text.toString();
        }
    }
}
