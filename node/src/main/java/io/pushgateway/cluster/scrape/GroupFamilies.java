package io.pushgateway.cluster.scrape;

import io.prometheus.metrics.expositionformats.generated.Metrics;
import io.pushgateway.cluster.model.GroupKey;
import io.pushgateway.cluster.store.Group;
import io.pushgateway.cluster.store.StoredFamily;
import java.util.ArrayList;
import java.util.List;

/**
 * The families a group contributes to a scrape: what was pushed, plus the two gauges the
 * Pushgateway keeps for every group.
 */
public final class GroupFamilies {
    static final String PUSH_TIME = "push_time_seconds";
    static final String FAILURE_TIME = "push_failure_time_seconds";
    static final String PUSH_TIME_HELP = "Last Unix time when changing this group in the Pushgateway succeeded.";
    static final String FAILURE_TIME_HELP = "Last Unix time when changing this group in the Pushgateway failed.";

    private GroupFamilies() {}

    public static List<Metrics.MetricFamily> of(Group group) {
        List<Metrics.MetricFamily> result = new ArrayList<>(group.families().size() + 2);
        for (StoredFamily stored : group.families().values()) {
            result.add(stored.family());
        }
        result.addAll(timeFamilies(group));
        return result;
    }

    /** The two gauges of the push and failure times, labelled with the grouping key. */
    public static List<Metrics.MetricFamily> timeFamilies(Group group) {
        return List.of(
                timeFamily(group.key(), PUSH_TIME, PUSH_TIME_HELP, group.lastPushNanos()),
                timeFamily(group.key(), FAILURE_TIME, FAILURE_TIME_HELP, group.lastFailureNanos()));
    }

    /** The names of the families {@link #of} gives, without parsing any. */
    public static List<String> names(Group group) {
        List<String> names = new ArrayList<>(group.families().keySet());
        names.add(PUSH_TIME);
        names.add(FAILURE_TIME);
        return names;
    }

    /** Go divides the nanoseconds as a float64 by 1e9; so does this, for the same digits. */
    public static double seconds(long unixNanos) {
        return unixNanos / 1e9;
    }

    /** The push time ({@link #PUSH_TIME}) or failure time ({@link #FAILURE_TIME}) gauge of the group with this key. */
    static Metrics.MetricFamily timeFamily(GroupKey key, String name, long unixNanos) {
        return timeFamily(key, name, name.equals(PUSH_TIME) ? PUSH_TIME_HELP : FAILURE_TIME_HELP, unixNanos);
    }

    private static Metrics.MetricFamily timeFamily(GroupKey key, String name, String help, long unixNanos) {
        Metrics.Metric.Builder metric =
                Metrics.Metric.newBuilder().setGauge(Metrics.Gauge.newBuilder().setValue(seconds(unixNanos)));
        var labels = key.seriesLabels();
        for (int i = 0; i < labels.size(); i++) {
            metric.addLabel(
                    Metrics.LabelPair.newBuilder().setName(labels.name(i)).setValue(labels.value(i)));
        }
        return Metrics.MetricFamily.newBuilder()
                .setName(name)
                .setHelp(help)
                .setType(Metrics.MetricType.GAUGE)
                .addMetric(metric)
                .build();
    }
}
