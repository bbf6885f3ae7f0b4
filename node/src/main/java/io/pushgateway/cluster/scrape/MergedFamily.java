package io.pushgateway.cluster.scrape;

import io.prometheus.metrics.expositionformats.generated.Metrics;
import io.pushgateway.cluster.model.Labels;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A family as a scrape shows it: the parts of every group (and the node's own series) merged into
 * one, series in the Pushgateway's order. Where stored data is inconsistent (pushed unchecked, or
 * through both sides of a partition) the merge still succeeds, the same way on every node: the type
 * and help of the group with the smallest key win, series of another type and repeated series are
 * left out and counted in {@link #dropped()}.
 */
final class MergedFamily {
    private static final Comparator<RenderedFamily.Series> EXPOSITION_ORDER =
            (a, b) -> Labels.compareForExposition(a.labels(), b.labels());

    final String name;
    final Metrics.MetricType type;
    final String help;
    final List<RenderedFamily.Series> series;
    private final int dropped;

    private MergedFamily(String name, Metrics.MetricType type, String help, List<RenderedFamily.Series> series,
            int dropped) {
        this.name = name;
        this.type = type;
        this.help = help;
        this.series = series;
        this.dropped = dropped;
    }

    /**
     * @param parts the groups' parts, ordered by group key id
     * @param own the node's own family of that name, or null
     */
    static MergedFamily merge(String name, List<RenderedFamily> parts, RenderedFamily own) {
        Metrics.MetricType type = own != null ? own.family().getType() : parts.get(0).family().getType();
        String help = own != null ? own.family().getHelp() : firstHelp(parts);
        List<RenderedFamily.Series> candidates = new ArrayList<>();
        int dropped = 0;
        if (own != null) {
            candidates.addAll(own.series());
        }
        for (RenderedFamily part : parts) {
            if (part.family().getType() == type) {
                candidates.addAll(part.series());
            } else {
                dropped += part.series().size();
            }
        }
        // Stable sort: among equal label sets the earlier group stays first and wins.
        candidates.sort(EXPOSITION_ORDER);
        List<RenderedFamily.Series> kept = new ArrayList<>(candidates.size());
        Set<Labels> seen = new HashSet<>();
        for (RenderedFamily.Series s : candidates) {
            if (seen.add(s.labels())) {
                kept.add(s);
            } else {
                dropped++;
            }
        }
        return new MergedFamily(name, type, help, kept, dropped);
    }

    int dropped() {
        return dropped;
    }

    boolean isEmpty() {
        return series.isEmpty();
    }

    private static String firstHelp(List<RenderedFamily> parts) {
        for (RenderedFamily part : parts) {
            if (part.family().hasHelp()) {
                return part.family().getHelp();
            }
        }
        return null;
    }

    Metrics.MetricFamily toProtobuf() {
        Metrics.MetricFamily.Builder builder = Metrics.MetricFamily.newBuilder().setName(name).setType(type);
        if (help != null) {
            builder.setHelp(help);
        }
        for (RenderedFamily.Series s : series) {
            builder.addMetric(s.metric());
        }
        return builder.build();
    }
}
