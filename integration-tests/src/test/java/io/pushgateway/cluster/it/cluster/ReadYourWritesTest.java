package io.pushgateway.cluster.it.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 3, guarantee 1: a push acknowledged by a node is in that node's very next scrape, in every
 * other node's scrape within a second, and once writes stop all nodes serve the same bytes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class ReadYourWritesTest {

    private static final int PUSHES = 200;
    private static final int GROUPS = 20;
    private static final String JOB = "read_your_writes";
    private static final String METRIC = "ryw_value";
    private static final Duration VISIBLE_ELSEWHERE = Duration.ofSeconds(1);
    /** How long to keep looking after the promised second, to measure how late a late push is. */
    private static final Duration GIVE_UP = Duration.ofSeconds(10);

    private final PushClient client = new PushClient();
    private final NodeScrapes scrapes = new NodeScrapes();
    private ClusterProcess cluster;

    @BeforeAll
    void startCluster() {
        cluster = ClusterProcess.start("read-your-writes", 3, List.of());
    }

    @AfterAll
    void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void acknowledgedPushIsInTheNextScrapeHereAndWithinASecondEverywhere() {
        List<Long> elsewhereNanos = new ArrayList<>();
        List<String> notInNextScrape = new ArrayList<>();
        List<String> late = new ArrayList<>();
        for (int i = 0; i < PUSHES; i++) {
            ClusterNode receiver = cluster.node(i % 3);
            String instance = "g" + (i % GROUPS);
            long value = i + 1;
            Http.Reply reply =
                    client.put(receiver, JOB, instance, "# TYPE " + METRIC + " gauge\n" + METRIC + " " + value + "\n");
            long acked = System.nanoTime();
            assertEquals(200, reply.status(), "push " + i + " through " + receiver + ": " + reply);

            Double here = valueOn(receiver, instance);
            if (here == null || here != value) {
                notInNextScrape.add("push " + i + " (" + instance + "=" + value + ") through " + receiver
                        + ": next scrape shows " + here);
            }
            for (ClusterNode other : cluster.nodes()) {
                if (other == receiver) {
                    continue;
                }
                long seen = awaitValue(other, instance, value, acked + GIVE_UP.toNanos());
                long latency = seen - acked;
                elsewhereNanos.add(latency);
                if (seen < 0 || latency > VISIBLE_ELSEWHERE.toNanos()) {
                    late.add(String.format(
                            "push %d (%s=%d) through %s: on %s after %s",
                            i,
                            instance,
                            value,
                            receiver,
                            other,
                            seen < 0 ? "more than " + GIVE_UP : String.format("%.0f ms", latency / 1e6)));
                }
            }
        }
        System.out.printf(
                "[read-your-writes] %d pushes through 3 nodes; in the receiver's next scrape: %d;"
                        + " push->visible on another node: %s; later than %s: %d%n",
                PUSHES,
                PUSHES - notInNextScrape.size(),
                Percentiles.of(elsewhereNanos),
                VISIBLE_ELSEWHERE,
                late.size());
        assertTrue(
                notInNextScrape.isEmpty(),
                "acknowledged pushes missing from the receiving node's next scrape: " + notInNextScrape.size()
                        + ", e.g. " + notInNextScrape.subList(0, Math.min(5, notInNextScrape.size())));
        assertTrue(
                late.isEmpty(),
                "acknowledged pushes not visible on another node within " + VISIBLE_ELSEWHERE + ": " + late.size()
                        + ", e.g. " + late.subList(0, Math.min(5, late.size())));
    }

    @Test
    void quietClusterServesByteIdenticalScrapes() {
        for (int i = 0; i < 30; i++) {
            ClusterNode receiver = cluster.node(i % 3);
            Http.Reply reply = client.post(
                    receiver,
                    "identical",
                    "g" + (i % 7),
                    "# TYPE identical_family_" + (i % 5) + " counter\nidentical_family_" + (i % 5) + "{n=\"" + i
                            + "\"} " + i + "\n");
            assertEquals(200, reply.status(), "push " + i + " through " + receiver + ": " + reply);
        }
        long lastAck = System.nanoTime();
        String common = scrapes.awaitIdentical(cluster.nodes(), VISIBLE_ELSEWHERE);
        System.out.printf(
                "[read-your-writes] pushed part of /metrics byte-identical on 3 nodes %.0f ms after the last"
                        + " acknowledgement (%d bytes)%n",
                (System.nanoTime() - lastAck) / 1e6, common.length());
        assertTrue(
                common.contains("identical_family_4{instance=\"g1\",job=\"identical\",n=\"29\"} 29"),
                "the last push is missing from the common scrape:\n" + common);
    }

    private Double valueOn(ClusterNode node, String instance) {
        return scrapes.parse(node).valuesByInstance(METRIC, JOB).get(instance);
    }

    /** Scrapes {@code node} until it shows the value; the {@link System#nanoTime()} it did, or -1. */
    private long awaitValue(ClusterNode node, String instance, long value, long deadline) {
        while (System.nanoTime() - deadline < 0) {
            Double shown = valueOn(node, instance);
            long now = System.nanoTime();
            if (shown != null && shown == value) {
                return now;
            }
            Thread.onSpinWait();
        }
        return -1;
    }
}
