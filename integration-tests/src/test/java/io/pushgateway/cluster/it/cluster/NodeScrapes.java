package io.pushgateway.cluster.it.cluster;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.nullValue;

import java.time.Duration;
import java.util.List;

/** Reads {@code /metrics} of nodes and compares what they serve. */
public final class NodeScrapes {

    private final Http http = new Http();

    /** The body of {@code GET /metrics}; fails unless the node answers 200. */
    public String body(ClusterNode node) {
        Http.Reply reply = http.get(node.uri("/metrics"));
        if (reply.status() != 200) {
            throw new AssertionError("scrape of " + node + " answered " + reply);
        }
        return reply.body();
    }

    public Scrape parse(ClusterNode node) {
        return Scrape.parse(body(node));
    }

    /**
     * Null if the pushed part of {@code /metrics} is byte-identical on all {@code nodes}; otherwise
     * where the first two that differ part ways.
     */
    public String difference(List<ClusterNode> nodes) {
        String first = Scrape.pushedPart(body(nodes.get(0)));
        for (ClusterNode node : nodes.subList(1, nodes.size())) {
            String other = Scrape.pushedPart(body(node));
            if (!other.equals(first)) {
                return nodes.get(0) + " and " + node + " differ: " + firstDifference(first, other);
            }
        }
        return null;
    }

    /** Waits until the pushed part is byte-identical on all nodes; returns the common body. */
    public String awaitIdentical(List<ClusterNode> nodes, Duration timeout) {
        await("identical scrapes on " + nodes).atMost(timeout).until(() -> difference(nodes), nullValue());
        return Scrape.pushedPart(body(nodes.get(0)));
    }

    public static String firstDifference(String a, String b) {
        List<String> left = a.lines().toList();
        List<String> right = b.lines().toList();
        for (int i = 0; i < Math.max(left.size(), right.size()); i++) {
            String l = i < left.size() ? left.get(i) : "<end>";
            String r = i < right.size() ? right.get(i) : "<end>";
            if (!l.equals(r)) {
                return "line " + (i + 1) + ": `" + l + "` vs `" + r + "` (" + left.size() + " vs " + right.size()
                        + " lines)";
            }
        }
        return "(same lines, different line endings)";
    }
}
