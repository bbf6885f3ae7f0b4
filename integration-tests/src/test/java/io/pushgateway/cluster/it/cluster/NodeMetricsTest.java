package io.pushgateway.cluster.it.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 3, guarantee 8: behind a load balancer every node must serve the same {@code /metrics},
 * so a cluster node keeps its own metrics (which differ per node) off it, on
 * {@code /metrics/node}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class NodeMetricsTest {

    private final PushClient client = new PushClient();
    private final NodeScrapes scrapes = new NodeScrapes();
    private final Http http = new Http();
    private ClusterProcess cluster;

    @BeforeAll
    void startCluster() {
        cluster = ClusterProcess.start("node-metrics", 3, List.of());
    }

    @AfterAll
    void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void metricsPathIsIdenticalOnEveryNodeAndHoldsNoNodeOwnFamilies() {
        for (ClusterNode node : cluster.nodes()) {
            Http.Reply reply = client.put(
                    node,
                    "node_metrics",
                    "via" + node.index(),
                    "# TYPE node_metrics_pushed gauge\nnode_metrics_pushed " + node.index() + "\n");
            assertEquals(200, reply.status(), "push through " + node + ": " + reply);
        }
        String common = scrapes.awaitIdentical(cluster.nodes(), Duration.ofSeconds(2));
        for (ClusterNode node : cluster.nodes()) {
            String body = scrapes.body(node);
            assertEquals(
                    common,
                    body,
                    node + " serves more on /metrics than the pushed groups"
                            + " (node-local families make scrapes through a load balancer flap)");
            Set<String> own = new TreeSet<>();
            Scrape.parse(body).familyNames().stream().filter(Scrape::isNodeOwn).forEach(own::add);
            assertTrue(own.isEmpty(), node + " /metrics has node-local families " + own);
        }
        System.out.printf(
                "[node-metrics] /metrics identical on %d nodes: %d bytes, %d samples%n",
                cluster.size(), common.length(), Scrape.parse(common).samples().size());
    }

    @Test
    void nodePathShowsThisNodesViewOfTheCluster() {
        for (ClusterNode node : cluster.nodes()) {
            Http.Reply reply = http.get(node.uri("/metrics/node"));
            assertEquals(200, reply.status(), node + " /metrics/node: " + reply);
            Scrape scrape = Scrape.parse(reply.body());
            assertEquals(List.of(), scrape.problems(), node + " /metrics/node is not a valid scrape");
            List<Scrape.Sample> members = scrape.samples("pushgateway_cluster_members", Map.of());
            assertEquals(
                    1, members.size(), node + " /metrics/node has no pushgateway_cluster_members:\n" + reply.body());
            assertEquals(3.0, members.get(0).number(), node + " pushgateway_cluster_members");
            List<Scrape.Sample> lag = scrape.samples("pushgateway_cluster_replica_lag_seconds", Map.of());
            assertEquals(1, lag.size(), node + " /metrics/node has no pushgateway_cluster_replica_lag_seconds");
            assertTrue(
                    lag.get(0).number() >= 0 && lag.get(0).number() < 60,
                    node + " replica lag " + lag.get(0).value());
            List<Scrape.Sample> groups = scrape.samples("pushgateway_cluster_replica_groups", Map.of());
            assertEquals(1, groups.size(), node + " /metrics/node has no pushgateway_cluster_replica_groups");
            assertTrue(
                    groups.get(0).number() >= 0,
                    node + " replica groups " + groups.get(0).value());
            System.out.printf(
                    "[node-metrics] %s: pushgateway_cluster_members %s, replica lag %s s%n",
                    node, members.get(0).value(), lag.get(0).value());
        }
    }
}
