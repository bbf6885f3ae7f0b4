package io.pushgateway.cluster.store.hazelcast;

import io.prometheus.metrics.expositionformats.generated.Metrics;
import io.pushgateway.cluster.model.CodePointOrder;
import io.pushgateway.cluster.model.GroupKey;
import io.pushgateway.cluster.model.Labels;
import java.util.ArrayList;
import java.util.List;

/**
 * Gives every pushed series the labels it is stored with, as upstream does: grouping labels
 * overwrite or join the series' own, {@code instance=""} is added when there is no instance, and
 * pairs are sorted by name.
 */
final class SeriesSanitizer {
    private SeriesSanitizer() {}

    private static final Metrics.LabelPair EMPTY_INSTANCE = pair("instance", "");

    static Metrics.MetricFamily sanitize(Metrics.MetricFamily family, GroupKey key) {
        Metrics.MetricFamily.Builder builder = family.toBuilder().clearMetric();
        // One message per grouping label for all series (messages are immutable): a push of many
        // series would otherwise hold a copy of every grouping label per series while it is stored.
        Labels grouping = key.labels();
        List<Metrics.LabelPair> groupingPairs = new ArrayList<>(grouping.size());
        for (int i = 0; i < grouping.size(); i++) {
            groupingPairs.add(pair(grouping.name(i), grouping.value(i)));
        }
        for (Metrics.Metric metric : family.getMetricList()) {
            builder.addMetric(
                    metric.toBuilder().clearLabel().addAllLabel(sanitizedLabels(metric, grouping, groupingPairs)));
        }
        return builder.build();
    }

    private static List<Metrics.LabelPair> sanitizedLabels(
            Metrics.Metric metric, Labels grouping, List<Metrics.LabelPair> groupingPairs) {
        List<Metrics.LabelPair> result = new ArrayList<>(metric.getLabelCount() + grouping.size() + 1);
        boolean hasInstance = grouping.get("instance") != null;
        for (Metrics.LabelPair pair : metric.getLabelList()) {
            if (grouping.get(pair.getName()) == null) {
                result.add(pair);
                hasInstance |= pair.getName().equals("instance");
            }
        }
        result.addAll(groupingPairs);
        if (!hasInstance) {
            result.add(EMPTY_INSTANCE);
        }
        result.sort((a, b) -> CodePointOrder.INSTANCE.compare(a.getName(), b.getName()));
        return result;
    }

    private static Metrics.LabelPair pair(String name, String value) {
        return Metrics.LabelPair.newBuilder().setName(name).setValue(value).build();
    }
}
