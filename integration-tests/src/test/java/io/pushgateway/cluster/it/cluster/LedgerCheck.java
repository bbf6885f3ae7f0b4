package io.pushgateway.cluster.it.cluster;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.nullValue;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Compares what nodes serve with what a {@link PushLedger} says was acknowledged. */
public final class LedgerCheck {

    private final NodeScrapes scrapes = new NodeScrapes();

    /**
     * Waits (reconciliation may still be repairing a replica) until every node shows every
     * acknowledged push of the pusher's job; fails listing what each node lacks. Returns the groups
     * checked.
     */
    public int awaitAllAcknowledged(Pusher pusher, List<ClusterNode> nodes, Duration timeout) {
        Map<String, Long> acknowledged = pusher.ledger().acknowledged();
        Map<ClusterNode, List<String>> problems = new LinkedHashMap<>();
        try {
            await("every acknowledged push on " + nodes)
                    .atMost(timeout)
                    .until(
                            () -> {
                                problems.clear();
                                for (ClusterNode node : nodes) {
                                    List<String> wrong = contradictions(pusher, node, acknowledged);
                                    if (!wrong.isEmpty()) {
                                        problems.put(node, wrong);
                                    }
                                }
                                return problems.isEmpty() ? null : summary(problems);
                            },
                            nullValue());
        } finally {
            for (ClusterNode node : nodes) {
                int wrong = problems.getOrDefault(node, List.of()).size();
                System.out.printf(
                        "[ledger] %s: %d of %d acknowledged groups found with their latest acknowledged value%n",
                        node, acknowledged.size() - wrong, acknowledged.size());
            }
        }
        return acknowledged.size();
    }

    public List<String> contradictions(Pusher pusher, ClusterNode node, Map<String, Long> acknowledged) {
        Map<String, Double> found = scrapes.parse(node).valuesByInstance(Pusher.METRIC, pusher.job());
        return pusher.ledger().contradictions(found, acknowledged);
    }

    private static String summary(Map<ClusterNode, List<String>> problems) {
        StringBuilder out = new StringBuilder();
        problems.forEach((node, wrong) -> out.append("\n")
                .append(node)
                .append(": ")
                .append(wrong.size())
                .append(" groups wrong, e.g. ")
                .append(wrong.subList(0, Math.min(5, wrong.size()))));
        return out.toString();
    }
}
