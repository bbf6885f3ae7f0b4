package io.pushgateway.cluster.migrate;

import io.prometheus.metrics.expositionformats.generated.Metrics;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One group as read from a source gateway, ready to be written elsewhere.
 *
 * @param labels the grouping key, {@code job} included
 * @param families the pushed families, without {@code push_time_seconds} and {@code push_failure_time_seconds}
 * @param pushNanos the last successful push, Unix nanoseconds; 0 for none
 * @param failureNanos the last failed push, Unix nanoseconds; 0 for none
 * @param familyPushNanos push times of families that differ from {@code pushNanos}
 * @param ttl the group's time to live at the source (a node), as the node shows it; null for none
 */
record SourceGroup(
        Map<String, String> labels,
        List<Metrics.MetricFamily> families,
        long pushNanos,
        long failureNanos,
        Map<String, Long> familyPushNanos,
        String ttl) {
    String job() {
        return labels.getOrDefault("job", "");
    }

    /** The key as the Pushgateway logs it: {@code {job="a",instance="b"}}, names in order. */
    String describe() {
        return describe(labels);
    }

    static String describe(Map<String, String> labels) {
        return labels.entrySet().stream()
                .map(e ->
                        e.getKey() + "=\"" + e.getValue().replace("\\", "\\\\").replace("\"", "\\\"") + "\"")
                .collect(Collectors.joining(",", "{", "}"));
    }
}
