package io.pushgateway.cluster.it.realworld;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pushgateway.cluster.it.cluster.ClusterNode;
import io.pushgateway.cluster.it.cluster.ClusterProcess;
import io.pushgateway.cluster.it.cluster.Http;
import io.pushgateway.cluster.it.cluster.LedgerCheck;
import io.pushgateway.cluster.it.cluster.NodeScrapes;
import io.pushgateway.cluster.it.cluster.PushLedger;
import io.pushgateway.cluster.it.cluster.Pusher;
import io.pushgateway.cluster.it.cluster.Scrape;
import io.pushgateway.cluster.it.realworld.RecordedPushes.Push;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 3, guarantee 5: a network partition 2|1 of a three-node cluster, each node in a network
 * namespace of its own behind a bridge whose port to one node is taken down. The cut-off node
 * answers pushes with 503 once it has noticed, and keeps serving scrapes; the two others keep
 * accepting and serving pushes; after the port is up again all three converge to the same scrape,
 * holding every push the majority acknowledged and nothing the cut-off node refused.
 */
@Tag("slow")
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class PartitionTest {

    private static final String MAJORITY_JOB = "partition-majority";
    private static final String MINORITY_JOB = "partition-minority";
    private static final String PROBE_INSTANCE = "probe";
    private static final int MINORITY_GROUPS = 24;
    /**
     * Pushes in flight to the cut-off node when the cut happens: each goes to a partition the node
     * may own itself, where a write takes effect locally before its backup is found missing.
     */
    private static final int MINORITY_THREADS = 12;
    /** Failure detection: the member timeout, heartbeats and a new master on two busy cores. */
    private static final Duration DETECTION_TIMEOUT = ClusterProcess.MEMBER_TIMEOUT.multipliedBy(4);
    /**
     * Longest a push to the cut-off node may wait for its answer: the node's Hazelcast call timeout
     * (15 s), within which a write that cannot reach its partition owner or backup fails instead of
     * hanging, plus slack for two busy cores. Pushes are checked one at a time on each node, so one
     * sent after the node saw itself alone may still wait behind one stuck since the cut.
     */
    private static final Duration REFUSAL_BOUND = Duration.ofSeconds(20);

    private static final int MAJORITY_ACKS_DURING_PARTITION = 150;
    private static final int REFUSALS_AFTER_DETECTION = 30;
    /** Split-brain merge runs every 5 s; then the rejoining member's replica has to catch up. */
    private static final Duration MERGE_TIMEOUT = Duration.ofSeconds(60);

    private static final Duration CONVERGENCE_TIMEOUT = Duration.ofSeconds(60);

    private final Http http = new Http();
    private final NodeScrapes scrapes = new NodeScrapes();
    private SwitchedNetwork network;
    private ClusterProcess cluster;
    private Pusher majorityPusher;
    private RecordedPushes minorityPushes;
    private final List<ScrapeProbe> probes = new ArrayList<>();

    @AfterEach
    void stopEverything() {
        if (majorityPusher != null) {
            majorityPusher.close();
        }
        if (minorityPushes != null) {
            minorityPushes.close();
        }
        probes.forEach(ScrapeProbe::close);
        try {
            if (cluster != null) {
                cluster.close();
            }
        } finally {
            if (network != null) {
                network.close();
            }
        }
    }

    @Test
    void minorityRefusesWritesMajorityGoesOnAndAllConvergeAfterHealing() {
        network = SwitchedNetwork.create(3);
        cluster = ClusterProcess.start("partition", 3, List.of(), network.placement());

        // The cut-off node is the master, so the majority also has to elect a new one.
        int minority = cluster.oldestMember(cluster.node(0));
        ClusterNode cutOff = cluster.node(minority);
        List<ClusterNode> majority =
                cluster.nodes().stream().filter(n -> n.index() != minority).toList();
        List<String> minorityInstances =
                IntStream.range(0, MINORITY_GROUPS).mapToObj(i -> "m" + i).toList();
        // The groups the cut-off node will be asked to change exist everywhere beforehand, with value 0.
        for (String instance : concat(minorityInstances, PROBE_INSTANCE)) {
            Http.Reply reply = http.send(
                    "PUT",
                    majority.get(0).uri("/metrics/job/" + MINORITY_JOB + "/instance/" + instance),
                    "# TYPE " + Pusher.METRIC + " gauge\n" + Pusher.METRIC + " 0\n",
                    Http.WRITE);
            assertEquals(200, reply.status(), "push of " + instance + " before the partition: " + reply);
        }
        majorityPusher = new Pusher(
                MAJORITY_JOB, majority.stream().map(ClusterNode::baseUri).toList(), 4, 10, Duration.ofMillis(5));
        PushLedger majorityLedger = majorityPusher.ledger();
        majorityPusher.start();
        awaitMoreAcks(majorityLedger, 100);
        // The majority keeps pushing, so whole scrapes of two nodes differ by whatever lands between
        // them; what the cut needs is every node holding the groups the cut-off node will change.
        Map<String, Double> unchanged = new TreeMap<>();
        concat(minorityInstances, PROBE_INSTANCE).forEach(instance -> unchanged.put(instance, 0.0));
        for (ClusterNode node : cluster.nodes()) {
            await(node + " serves the minority's groups at 0 before the cut")
                    .atMost(Duration.ofSeconds(5))
                    .until(
                            () -> new TreeMap<>(scrapes.parse(node).valuesByInstance(Pusher.METRIC, MINORITY_JOB)),
                            equalTo(unchanged));
        }

        long cutAt = System.nanoTime();
        network.cut(minority);
        minorityPushes = new RecordedPushes(cutOff, MINORITY_JOB, minorityInstances, MINORITY_THREADS).start();
        for (ClusterNode node : cluster.nodes()) {
            probes.add(new ScrapeProbe(
                            "scrapes of node " + node.index() + (node == cutOff ? " (cut off)" : ""),
                            node.uri("/metrics"),
                            Duration.ofMillis(200),
                            scrape -> null)
                    .start());
        }

        awaitMembers(List.of(cutOff), 1, DETECTION_TIMEOUT);
        long minorityNoticedAt = System.nanoTime();
        Push probe = minorityPushes.push(PROBE_INSTANCE, 1);
        awaitMembers(majority, 2, DETECTION_TIMEOUT);
        long majorityNoticedAt = System.nanoTime();
        System.out.printf(
                "[partition] cut node %d (the master) off; it saw itself alone %.1f s later, the other two saw"
                        + " 2 members %.1f s later%n",
                minority, seconds(minorityNoticedAt - cutAt), seconds(majorityNoticedAt - cutAt));
        awaitMoreAcks(majorityLedger, MAJORITY_ACKS_DURING_PARTITION);
        await(REFUSALS_AFTER_DETECTION + " pushes refused by the cut-off node after it noticed")
                .atMost(Duration.ofSeconds(30))
                .until(
                        () -> minorityPushes
                                                .pushes(p -> p.sentAt() - minorityNoticedAt > 0)
                                                .size()
                                        >= REFUSALS_AFTER_DETECTION
                                ? null
                                : minorityPushes.pushes().size() + " pushes answered so far",
                        nullValue());
        minorityPushes.stop();
        new LedgerCheck().awaitAllAcknowledged(majorityPusher, majority, Duration.ofSeconds(10));
        Map<String, Double> minorityDuringPartition =
                scrapes.parse(cutOff).valuesByInstance(Pusher.METRIC, MINORITY_JOB);

        long healedAt = System.nanoTime();
        network.heal(minority);
        awaitMembers(cluster.nodes(), 3, MERGE_TIMEOUT);
        long mergedAt = System.nanoTime();
        System.out.printf("[partition] healed: 3 members again %.1f s after%n", seconds(mergedAt - healedAt));
        awaitMoreAcks(majorityLedger, 50);
        majorityPusher.stop();
        long pushesStoppedAt = System.nanoTime();
        List<String> notConverged = new ArrayList<>();
        try {
            await("all nodes identical, with every push the majority acknowledged")
                    .atMost(CONVERGENCE_TIMEOUT)
                    .until(
                            () -> {
                                notConverged.clear();
                                String difference = scrapes.difference(cluster.nodes());
                                if (difference != null) {
                                    notConverged.add(difference);
                                }
                                for (ClusterNode node : cluster.nodes()) {
                                    List<String> missing = new LedgerCheck()
                                            .contradictions(majorityPusher, node, majorityLedger.acknowledged());
                                    if (!missing.isEmpty()) {
                                        notConverged.add(
                                                node + " lacks " + missing.size() + " acknowledged pushes, e.g. "
                                                        + missing.subList(0, Math.min(3, missing.size())));
                                    }
                                }
                                return notConverged.isEmpty() ? null : String.join("; ", notConverged);
                            },
                            nullValue());
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + cluster.logTails(40), e);
        }
        long convergedAt = System.nanoTime();
        System.out.printf(
                "[partition] all nodes identical %.1f s after healing (%.1f s after the last push)%n",
                seconds(convergedAt - healedAt), seconds(convergedAt - pushesStoppedAt));
        probes.forEach(ScrapeProbe::stop);

        List<Push> all = minorityPushes.pushes();
        List<Push> afterNotice = minorityPushes.pushes(p -> p.sentAt() - minorityNoticedAt > 0);
        Push firstRefusal = all.stream()
                .filter(p -> p.reply().status() == 503)
                .min((a, b) -> Long.compare(a.answeredAt(), b.answeredAt()))
                .orElse(null);
        Scrape converged = scrapes.parse(cutOff);
        List<String> refusedButPresent =
                refusedValuesFound(converged.valuesByInstance(Pusher.METRIC, MINORITY_JOB), minorityNoticedAt);
        long refusedVisibleDuringPartition =
                minorityDuringPartition.values().stream().filter(v -> v > 0).count();

        System.out.printf(
                "[partition] cut-off node: first 503 %s s after the cut; %d pushes, answers %s; once it noticed:"
                        + " %d pushes, answers %s,"
                        + " slowest %.2f s (%.2f s of all); probe push answered %s in %.2f s%n",
                firstRefusal == null ? "never" : String.format("%.1f", seconds(firstRefusal.answeredAt() - cutAt)),
                all.size(),
                statusCounts(all),
                afterNotice.size(),
                statusCounts(afterNotice),
                afterNotice.stream().mapToDouble(Push::seconds).max().orElse(0),
                all.stream().mapToDouble(Push::seconds).max().orElse(0),
                probe.reply().status(),
                probe.seconds());
        System.out.printf(
                "[partition] majority pushes: %s; acknowledged while partitioned: %d%n",
                majorityLedger.summary(),
                majorityLedger.acknowledgedSince(majorityNoticedAt) - majorityLedger.acknowledgedSince(healedAt));
        probes.forEach(p -> System.out.println("[partition] " + p.summary()));
        System.out.printf(
                "[partition] refused pushes visible on the cut-off node during the partition: %d groups;"
                        + " after healing: %d groups%n",
                refusedVisibleDuringPartition, refusedButPresent.size());

        assertAll(
                () -> assertEquals(
                        503,
                        probe.reply().status(),
                        "a push to the cut-off node once it saw itself alone: " + probe.reply()),
                () -> assertEquals(
                        Map.of(503, (long) afterNotice.size()),
                        statusCounts(afterNotice),
                        "answers of the cut-off node to pushes sent once it saw itself alone"),
                () -> assertEquals(
                        List.of(),
                        all.stream()
                                .filter(p -> p.seconds() > REFUSAL_BOUND.toSeconds())
                                .map(Push::toString)
                                .toList(),
                        "pushes the cut-off node took longer than " + REFUSAL_BOUND + " to answer"),
                () -> assertEquals(
                        List.of(),
                        all.stream()
                                .filter(p -> p.reply().ok())
                                .map(Push::toString)
                                .toList(),
                        "pushes the cut-off node acknowledged though it could not reach a backup"),
                () -> assertEquals(List.of(), probeFailures(), "scrapes during the partition"),
                () -> assertEquals(
                        List.of(),
                        refusedButPresent,
                        "values pushed to the cut-off node, answered 503, and on every node after healing"
                                + (refusedButPresent.isEmpty() ? "" : cluster.logTails(30))));
    }

    /** Groups of the cut-off node's job holding a value whose push was answered 503. */
    private List<String> refusedValuesFound(Map<String, Double> found, long minorityNoticedAt) {
        List<String> refused = new ArrayList<>();
        found.forEach((instance, value) -> {
            if (value == 0) {
                return;
            }
            Push push = minorityPushes.find(instance, value.longValue());
            if (push == null || push.reply().ok()) {
                return;
            }
            refused.add(String.format(
                    "%s=%d (answered %s %.1f s after sending; sent %s the node noticed the partition)",
                    instance,
                    value.longValue(),
                    push.reply().status() == 503 ? "503" : push.reply().toString(),
                    push.seconds(),
                    push.sentAt() - minorityNoticedAt > 0 ? "after" : "before"));
        });
        return refused;
    }

    private List<String> probeFailures() {
        List<String> failures = new ArrayList<>();
        for (ScrapeProbe probe : probes) {
            if (probe.failures() > 0) {
                failures.add(probe.summary() + ": " + probe.failureExamples());
            }
        }
        return failures;
    }

    private void awaitMembers(List<ClusterNode> nodes, int expected, Duration timeout) {
        try {
            await(nodes + " seeing " + expected + " members")
                    .atMost(timeout)
                    .until(
                            () -> {
                                for (ClusterNode node : nodes) {
                                    int members = cluster.members(node);
                                    if (members != expected) {
                                        return node + " sees " + members;
                                    }
                                }
                                return null;
                            },
                            nullValue());
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + cluster.logTails(30), e);
        }
    }

    private static void awaitMoreAcks(PushLedger ledger, int count) {
        long target = ledger.acknowledgedCount() + count;
        await(count + " more pushes acknowledged by the majority")
                .atMost(Duration.ofSeconds(60))
                .until(() -> ledger.acknowledgedCount() >= target ? null : ledger.summary(), nullValue());
    }

    private static Map<Integer, Long> statusCounts(List<Push> pushes) {
        Map<Integer, Long> counts = new TreeMap<>();
        pushes.forEach(p -> counts.merge(p.reply().status(), 1L, Long::sum));
        return counts;
    }

    private static List<String> concat(List<String> list, String extra) {
        List<String> all = new ArrayList<>(list);
        all.add(extra);
        return all;
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
