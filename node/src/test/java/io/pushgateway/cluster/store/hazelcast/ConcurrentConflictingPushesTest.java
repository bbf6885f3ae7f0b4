package io.pushgateway.cluster.store.hazelcast;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prometheus.metrics.expositionformats.generated.Metrics;
import io.pushgateway.cluster.model.GroupKey;
import io.pushgateway.cluster.store.Group;
import io.pushgateway.cluster.store.PushOutcome;
import io.pushgateway.cluster.store.StoredFamily;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The consistency check under concurrent pushes: pushes that conflict, sent at once from several
 * threads, get exactly the answers the contract promises, whichever member they come through.
 */
class ConcurrentConflictingPushesTest {
    private static final int THREADS = 6;
    private static final int PUSHES_PER_THREAD = 15;

    @AutoClose
    private static InJvmCluster cluster;

    /** A push sent, and what the store answered. */
    private record Sent(GroupKey key, Metrics.MetricType type, PushOutcome outcome) {}

    @BeforeAll
    static void start() {
        cluster = InJvmCluster.start(3, 1, 1);
    }

    @Test
    void oneTypeWinsClusterWideAndEveryPushOfAnotherIsRefused() throws Exception {
        // Each member gets counters and gauges of the same name from two threads at once.
        List<Sent> sent = race(thread -> {
            InJvmCluster.Member member = cluster.member(thread % 3);
            Metrics.MetricType type = thread % 2 == 0 ? Metrics.MetricType.COUNTER : Metrics.MetricType.GAUGE;
            List<Sent> mine = new ArrayList<>();
            for (int i = 0; i < PUSHES_PER_THREAD; i++) {
                GroupKey key = GroupKey.of("job", "race", "pusher", "t" + thread, "n", Integer.toString(i));
                mine.add(new Sent(
                        key,
                        type,
                        member.push(key, true, Map.of("contested", GroupsForTests.family("contested", type, i)))));
            }
            return mine;
        });

        Metrics.MetricType winner = sent.stream()
                .filter(s -> s.outcome().accepted())
                .map(Sent::type)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no push accepted at all"));
        for (Sent push : sent) {
            if (push.type() == winner) {
                assertTrue(
                        push.outcome().accepted(),
                        push.key() + " brings the winning type " + winner + " but got: "
                                + push.outcome().message());
            } else {
                assertFalse(
                        push.outcome().accepted(),
                        push.key() + " brings " + push.type() + " while " + winner
                                + " holds the name, yet was accepted");
                String message = push.outcome().message();
                assertTrue(
                        message.startsWith("collected metric \"contested\" {")
                                && message.endsWith("} is not a " + winner)
                                && message.contains(
                                        "pusher=\"" + push.key().labels().get("pusher") + "\""),
                        "the Pushgateway's refusal naming the series and the type held, got: " + message);
            }
        }

        // A refused push still creates its group (with its failure time), as the Pushgateway does.
        TreeSet<String> everyGroup = new TreeSet<>();
        sent.forEach(push -> everyGroup.add(push.key().id()));
        String typeLine = "# TYPE contested " + winner.name().toLowerCase();
        for (InJvmCluster.Member member : cluster.members()) {
            await().alias(member + " serving every group pushed to")
                    .atMost(InJvmCluster.SETTLE)
                    .pollInterval(Duration.ofMillis(100))
                    .untilAsserted(() -> assertEquals(everyGroup, member.groupIds()));
            for (Sent push : sent) {
                Group group = member.replica().get(push.key());
                StoredFamily held = group.families().get("contested");
                if (push.outcome().accepted()) {
                    assertEquals(winner, held == null ? null : held.type(), push.key() + " on " + member);
                } else {
                    assertEquals(null, held, "refused " + push.key() + " holds nothing on " + member);
                }
            }
            String scrape = member.scrapeText();
            assertTrue(scrape.contains(typeLine + "\n"), member + "'s scrape types the family as " + winner);
            assertEquals(1, scrape.split("# TYPE contested ", -1).length - 1, member + " shows one family: " + scrape);
            assertEquals(0, member.scrape().conflictingSeries(), member + " left out series of another type");
        }
        assertEquals(cluster.member(0).scrapeText(), cluster.member(1).scrapeText(), "members 0 and 1 serve the same");
        assertEquals(cluster.member(0).scrapeText(), cluster.member(2).scrapeText(), "members 0 and 2 serve the same");
    }

    @Test
    void aSeriesTwoGroupsBringAtOnceIsTakenByOneAndRefusedToTheOther() throws Exception {
        // Group instance=N brings the series with the label foo="bar" itself; group instance=N/foo=bar
        // gets it from its grouping key: the same series in two groups, sent at once through one member.
        int pairs = 20;
        List<Sent> sent = race(thread -> {
            InJvmCluster.Member member = cluster.member(0);
            boolean labelInKey = thread % 2 == 1;
            List<Sent> mine = new ArrayList<>();
            for (int n = thread / 2; n < pairs; n += THREADS / 2) {
                String instance = "i" + n;
                GroupKey key = labelInKey
                        ? GroupKey.of("job", "dup", "instance", instance, "foo", "bar")
                        : GroupKey.of("job", "dup", "instance", instance);
                Metrics.MetricFamily family = labelInKey
                        ? GroupsForTests.family("dup_series", Metrics.MetricType.GAUGE, n)
                        : GroupsForTests.family("dup_series", Metrics.MetricType.GAUGE, n, "foo", "bar");
                mine.add(new Sent(key, Metrics.MetricType.GAUGE, member.push(key, true, Map.of("dup_series", family))));
            }
            return mine;
        });

        assertEquals(2 * pairs, sent.size());
        for (int n = 0; n < pairs; n++) {
            String instance = "i" + n;
            List<Sent> pair = sent.stream()
                    .filter(s -> s.key().labels().get("instance").equals(instance))
                    .toList();
            List<Sent> accepted =
                    pair.stream().filter(s -> s.outcome().accepted()).toList();
            assertEquals(
                    1, accepted.size(), "exactly one of the two groups takes the series of " + instance + ": " + pair);
            Sent refused = pair.stream()
                    .filter(s -> !s.outcome().accepted())
                    .findFirst()
                    .orElseThrow();
            assertTrue(
                    refused.outcome().message().endsWith("was collected before with the same name and label values"),
                    "the Pushgateway's duplicate refusal, got: "
                            + refused.outcome().message());
        }
    }

    /** Runs {@code pushes} on {@link #THREADS} threads released at once; every push's answer. */
    private static List<Sent> race(ThreadPushes pushes) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(THREADS);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<List<Sent>>> results = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                Callable<List<Sent>> task = () -> {
                    go.await();
                    return pushes.run(thread);
                };
                results.add(threads.submit(task));
            }
            go.countDown();
            List<Sent> sent = new ArrayList<>();
            for (Future<List<Sent>> result : results) {
                sent.addAll(result.get(InJvmCluster.SETTLE.toSeconds(), TimeUnit.SECONDS));
            }
            return sent;
        } finally {
            threads.shutdownNow();
        }
    }

    private interface ThreadPushes {
        List<Sent> run(int thread) throws Exception;
    }
}
