package io.pushgateway.cluster.it.cluster;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 3, guarantee 2: concurrent POSTs of different families to one group through different
 * nodes lose nothing; a PUT replaces the group atomically, so no scrape on any node ever shows
 * half of one.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class ConcurrentWritesTest {

    private static final int POSTERS_PER_NODE = 2;
    private static final int FAMILIES_PER_POSTER = 50;
    private static final int PUT_FAMILIES = 8;
    private static final int PUTS_PER_WRITER = 150;

    private final PushClient client = new PushClient();
    private final NodeScrapes scrapes = new NodeScrapes();
    private ClusterProcess cluster;

    @BeforeAll
    void startCluster() {
        cluster = ClusterProcess.start("concurrent-writes", 3, List.of());
    }

    @AfterAll
    void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void concurrentPostsOfDifferentFamiliesThroughAllNodesLoseNothing() throws InterruptedException {
        ConcurrentLinkedQueue<String> acknowledged = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<String> failed = new ConcurrentLinkedQueue<>();
        List<Thread> posters = new ArrayList<>();
        for (ClusterNode node : cluster.nodes()) {
            for (int p = 0; p < POSTERS_PER_NODE; p++) {
                String poster = "n" + node.index() + "p" + p;
                posters.add(new Thread(
                        () -> {
                            for (int f = 0; f < FAMILIES_PER_POSTER; f++) {
                                String family = "merge_" + poster + "_f" + f;
                                Http.Reply reply = client.post(
                                        node,
                                        "merge",
                                        "one",
                                        "# TYPE " + family + " gauge\n" + family + " " + f + "\n");
                                (reply.status() == 200 ? acknowledged : failed)
                                        .add(family + " via " + node + ": " + reply);
                            }
                        },
                        "poster-" + poster));
            }
        }
        long start = System.nanoTime();
        posters.forEach(Thread::start);
        for (Thread poster : posters) {
            poster.join(TimeUnit.MINUTES.toMillis(2));
            assertTrue(!poster.isAlive(), poster.getName() + " still running");
        }
        long lastAck = System.nanoTime();
        Set<String> expected = new TreeSet<>();
        acknowledged.forEach(a -> expected.add(a.substring(0, a.indexOf(' '))));

        Map<String, String> lost = new TreeMap<>();
        await("every acknowledged family on every node")
                .atMost(Duration.ofSeconds(1))
                .until(
                        () -> {
                            lost.clear();
                            for (ClusterNode node : cluster.nodes()) {
                                Set<String> present = scrapes.parse(node)
                                        .valuesByName(Map.of("job", "merge", "instance", "one"))
                                        .keySet();
                                Set<String> missing = new TreeSet<>(expected);
                                missing.removeAll(present);
                                if (!missing.isEmpty()) {
                                    lost.put(
                                            node.toString(),
                                            missing.size() + " missing, e.g. "
                                                    + missing.iterator().next());
                                }
                            }
                            return lost.isEmpty() ? null : lost.toString();
                        },
                        nullValue());
        System.out.printf(
                "[concurrent-writes] %d POSTs of distinct families to one group through 3 nodes in %.0f ms:"
                        + " acknowledged %d, failed %d; all acknowledged families on every node %.0f ms after the last ack%n",
                posters.size() * FAMILIES_PER_POSTER,
                (lastAck - start) / 1e6,
                acknowledged.size(),
                failed.size(),
                (System.nanoTime() - lastAck) / 1e6);
        assertEquals(List.of(), List.copyOf(failed), "POSTs to a healthy cluster that were not acknowledged");
    }

    @Test
    void concurrentScrapesNeverShowHalfOfAPut() throws InterruptedException {
        ConcurrentLinkedQueue<String> failedPuts = new ConcurrentLinkedQueue<>();
        AtomicLong scrapesWithGroup = new AtomicLong();
        List<Thread> putters = new ArrayList<>();
        for (ClusterNode node : cluster.nodes()) {
            putters.add(new Thread(
                    () -> {
                        for (int n = 1; n <= PUTS_PER_WRITER; n++) {
                            long value = (node.index() + 1) * 1_000_000L + n;
                            Http.Reply reply = client.put(node, "atomic", "one", multiFamilyBody(value));
                            if (reply.status() != 200) {
                                failedPuts.add(value + " via " + node + ": " + reply);
                            }
                        }
                    },
                    "putter-" + node.index()));
        }
        try (ScrapeWatcher watcher = new ScrapeWatcher(cluster.nodes(), scrape -> {
            Map<String, String> group = atomicFamilies(scrape);
            if (group.isEmpty()) {
                return null;
            }
            scrapesWithGroup.incrementAndGet();
            boolean whole = group.size() == PUT_FAMILIES && new TreeSet<>(group.values()).size() == 1;
            return whole ? null : "half a PUT: " + group;
        })) {
            watcher.start();
            putters.forEach(Thread::start);
            for (Thread putter : putters) {
                putter.join(TimeUnit.MINUTES.toMillis(2));
                assertTrue(!putter.isAlive(), putter.getName() + " still running");
            }
            watcher.stop();
            System.out.printf(
                    "[concurrent-writes] %d PUTs of %d families through 3 nodes; not acknowledged %d;"
                            + " %d concurrent scrapes (%d showing the group, latency %s): failed %d, showing half a PUT %d%n",
                    3 * PUTS_PER_WRITER,
                    PUT_FAMILIES,
                    failedPuts.size(),
                    watcher.scrapes(),
                    scrapesWithGroup.get(),
                    watcher.latency(),
                    watcher.failures(),
                    watcher.objections());
            String common = scrapes.awaitIdentical(cluster.nodes(), Duration.ofSeconds(1));
            Map<String, String> last = atomicFamilies(Scrape.parse(common));
            assertAll(
                    () -> assertEquals(
                            List.of(), List.copyOf(failedPuts), "PUTs to a healthy cluster that were not acknowledged"),
                    () -> assertEquals(
                            0,
                            watcher.failures(),
                            "scrapes that failed while PUTs ran: e.g. " + watcher.failureExamples()),
                    () -> assertEquals(
                            0,
                            watcher.objections(),
                            "scrapes that showed half a PUT (families of different PUTs," + " or some missing): e.g. "
                                    + watcher.objectionExamples()),
                    () -> assertEquals(
                            1, new TreeSet<>(last.values()).size(), "final state is one whole PUT: " + last));
        }
    }

    /**
     * Scrapes while family names keep appearing and disappearing (each PUT swaps one set of names
     * for another): every scrape must be answered, valid, and show each group as one whole PUT.
     */
    @Test
    void scrapesNeverFailWhileFamiliesComeAndGo() throws InterruptedException {
        ConcurrentLinkedQueue<String> failedPuts = new ConcurrentLinkedQueue<>();
        List<Thread> putters = new ArrayList<>();
        for (ClusterNode node : cluster.nodes()) {
            putters.add(new Thread(
                    () -> {
                        for (int n = 1; n <= PUTS_PER_WRITER; n++) {
                            String set = "churn_n" + node.index() + (n % 2 == 0 ? "_a" : "_b");
                            StringBuilder body = new StringBuilder();
                            for (int f = 0; f < PUT_FAMILIES; f++) {
                                body.append("# TYPE ")
                                        .append(set)
                                        .append(f)
                                        .append(" gauge\n")
                                        .append(set)
                                        .append(f)
                                        .append(' ')
                                        .append(n)
                                        .append('\n');
                            }
                            Http.Reply reply = client.put(node, "churn", "n" + node.index(), body.toString());
                            if (reply.status() != 200) {
                                failedPuts.add(set + " via " + node + ": " + reply);
                            }
                        }
                    },
                    "churner-" + node.index()));
        }
        try (ScrapeWatcher watcher = new ScrapeWatcher(cluster.nodes(), ConcurrentWritesTest::halfAChurnPut)) {
            watcher.start();
            putters.forEach(Thread::start);
            for (Thread putter : putters) {
                putter.join(TimeUnit.MINUTES.toMillis(2));
                assertTrue(!putter.isAlive(), putter.getName() + " still running");
            }
            watcher.stop();
            System.out.printf(
                    "[concurrent-writes] %d PUTs swapping %d family names each through 3 nodes; not acknowledged %d;"
                            + " %d concurrent scrapes (latency %s): failed %d, showing half a PUT %d%n",
                    3 * PUTS_PER_WRITER,
                    PUT_FAMILIES,
                    failedPuts.size(),
                    watcher.scrapes(),
                    watcher.latency(),
                    watcher.failures(),
                    watcher.objections());
            assertAll(
                    () -> assertEquals(
                            List.of(), List.copyOf(failedPuts), "PUTs to a healthy cluster that were not acknowledged"),
                    () -> assertEquals(
                            0,
                            watcher.failures(),
                            "scrapes that failed (no answer, error, invalid) while family"
                                    + " names came and went: e.g. " + watcher.failureExamples()),
                    () -> assertEquals(
                            0,
                            watcher.objections(),
                            "scrapes that showed half a PUT: e.g. " + watcher.objectionExamples()));
        }
    }

    /** Null if every churn group in the scrape shows one whole PUT: one name set, one value. */
    private static String halfAChurnPut(Scrape scrape) {
        for (int node = 0; node < 3; node++) {
            Map<String, String> group = scrape.valuesByName(Map.of("job", "churn", "instance", "n" + node));
            group.keySet().removeIf(name -> !name.startsWith("churn_"));
            if (group.isEmpty()) {
                continue;
            }
            Set<String> sets = new TreeSet<>();
            group.keySet().forEach(name -> sets.add(name.substring(0, name.lastIndexOf('_') + 2)));
            if (group.size() != PUT_FAMILIES || sets.size() != 1 || new TreeSet<>(group.values()).size() != 1) {
                return "half a PUT: " + group;
            }
        }
        return null;
    }

    private static Map<String, String> atomicFamilies(Scrape scrape) {
        Map<String, String> group = scrape.valuesByName(Map.of("job", "atomic", "instance", "one"));
        group.keySet().removeIf(name -> !name.startsWith("atomic_f"));
        return group;
    }

    /** {@code PUT_FAMILIES} families, all carrying {@code value}. */
    private static String multiFamilyBody(long value) {
        StringBuilder body = new StringBuilder();
        for (int f = 0; f < PUT_FAMILIES; f++) {
            body.append("# TYPE atomic_f")
                    .append(f)
                    .append(" gauge\n")
                    .append("atomic_f")
                    .append(f)
                    .append("{series=\"a\"} ")
                    .append(value)
                    .append('\n')
                    .append("atomic_f")
                    .append(f)
                    .append("{series=\"b\"} ")
                    .append(value)
                    .append('\n');
        }
        return body.toString();
    }
}
