package io.pushgateway.cluster.it.cluster;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reads the groups out of a {@code GET /api/v1/metrics} answer. */
final class ApiMetrics {

    private ApiMetrics() {}

    /**
     * Values of metric {@code metric} in groups of job {@code job}, by the group's instance label,
     * from the JSON body; fails on an answer that is not a successful group list.
     */
    static Map<String, Double> valuesByInstance(String json, String metric, String job) {
        Object root = MiniJson.parse(json);
        if (!"success".equals(MiniJson.path(root, "status"))
                || !(MiniJson.path(root, "data") instanceof List<?> groups)) {
            throw new AssertionError("not a successful /api/v1/metrics answer: " + json);
        }
        Map<String, Double> values = new HashMap<>();
        for (Object group : groups) {
            if (!job.equals(MiniJson.path(group, "labels", "job"))) {
                continue;
            }
            Object instance = MiniJson.path(group, "labels", "instance");
            Object series = MiniJson.path(group, metric, "metrics");
            if (instance instanceof String name
                    && series instanceof List<?> list
                    && !list.isEmpty()
                    && MiniJson.path(list.get(0), "value") instanceof String value) {
                values.put(name, Double.parseDouble(value));
            }
        }
        return values;
    }
}
