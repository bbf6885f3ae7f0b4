package io.pushgateway.cluster.http;

import io.prometheus.metrics.expositionformats.generated.Metrics;
import io.pushgateway.cluster.format.GoFloat;
import io.pushgateway.cluster.format.NativeHistogramBuckets;
import io.pushgateway.cluster.model.CodePointOrder;
import io.pushgateway.cluster.scrape.GroupFamilies;
import io.pushgateway.cluster.store.Group;
import io.pushgateway.cluster.store.StoredFamily;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.TreeMap;

/**
 * The groups in the shape of upstream's {@code /api/v1/metrics}: numbers as strings, object keys
 * in alphabetical order as Go's encoder writes them.
 */
final class MetricsApiJson {
    private MetricsApiJson() {}

    static JsonObject group(Group group) {
        TreeMap<String, Object> fields = new TreeMap<>(CodePointOrder.INSTANCE);
        Map<String, StoredFamily> stored = group.families();
        for (Metrics.MetricFamily family : GroupFamilies.of(group)) {
            StoredFamily pushed = stored.get(family.getName());
            long time = pushed != null ? pushed.pushTimeNanos() : syntheticTime(group, family.getName());
            fields.put(family.getName(), family(family, time));
        }
        fields.put("labels", labels(group.key().labels().asMap()));
        fields.put("last_push_successful", group.lastPushSuccessful());
        if (group.ttlMillis() > 0) {
            // Beyond upstream: when the group expires unless pushed again.
            fields.put("ttl_seconds", GoFloat.formatJson(group.ttlMillis() / 1000.0));
            fields.put("expires_at", GoTime.rfc3339Nano(group.expiresAtNanos()));
        }
        return new JsonObject(new java.util.LinkedHashMap<>(fields));
    }

    private static long syntheticTime(Group group, String name) {
        long push = group.lastPushNanos();
        long failure = group.lastFailureNanos();
        if (name.equals("push_failure_time_seconds")) {
            return failure != 0 ? failure : push;
        }
        return push != 0 ? push : failure;
    }

    private static JsonObject family(Metrics.MetricFamily family, long timeNanos) {
        JsonObject json = new JsonObject();
        if (family.hasHelp() && !family.getHelp().isEmpty()) {
            json.put("help", family.getHelp());
        }
        JsonArray metrics = new JsonArray();
        for (Metrics.Metric metric : family.getMetricList()) {
            metrics.add(metric(family.getType(), metric));
        }
        json.put("metrics", metrics);
        json.put("time_stamp", GoTime.rfc3339Nano(timeNanos));
        json.put("type", family.getType().name());
        return json;
    }

    private static JsonObject metric(Metrics.MetricType type, Metrics.Metric metric) {
        JsonObject json = new JsonObject();
        TreeMap<String, String> labels = new TreeMap<>(CodePointOrder.INSTANCE);
        for (Metrics.LabelPair pair : metric.getLabelList()) {
            labels.put(pair.getName(), pair.getValue());
        }
        switch (type) {
            case SUMMARY -> {
                Metrics.Summary summary = metric.getSummary();
                json.put("count", Long.toUnsignedString(summary.getSampleCount()));
                json.put("labels", labels(labels));
                JsonObject quantiles = new JsonObject();
                for (Metrics.Quantile q : summary.getQuantileList()) {
                    quantiles.put(GoFloat.formatJson(q.getQuantile()), GoFloat.formatJson(q.getValue()));
                }
                json.put("quantiles", quantiles);
                json.put("sum", GoFloat.formatJson(summary.getSampleSum()));
            }
            case HISTOGRAM, GAUGE_HISTOGRAM -> {
                Metrics.Histogram histogram = metric.getHistogram();
                if (NativeHistogramBuckets.isNative(histogram)) {
                    nativeHistogram(json, histogram, labels(labels));
                    return json;
                }
                JsonObject buckets = new JsonObject();
                for (Metrics.Bucket b : histogram.getBucketList()) {
                    double count = b.getCumulativeCount() == 0 && b.getCumulativeCountFloat() != 0
                            ? b.getCumulativeCountFloat()
                            : b.getCumulativeCount();
                    buckets.put(GoFloat.formatJson(b.getUpperBound()), GoFloat.formatJson(count));
                }
                json.put("buckets", buckets);
                double count = histogram.getSampleCount() == 0 && histogram.getSampleCountFloat() != 0
                        ? histogram.getSampleCountFloat()
                        : histogram.getSampleCount();
                json.put("count", GoFloat.formatJson(count));
                json.put("labels", labels(labels));
                json.put("sum", GoFloat.formatJson(histogram.getSampleSum()));
            }
            default -> {
                json.put("labels", labels(labels));
                json.put("value", GoFloat.formatJson(value(type, metric)));
            }
        }
        return json;
    }

    /**
     * A native histogram as upstream shows it (detected, as there, by at least one span): buckets
     * as {@code [boundaries, lower, upper, count]}, counts as integers or floats as pushed.
     */
    private static void nativeHistogram(JsonObject json, Metrics.Histogram histogram, JsonObject labels) {
        JsonArray buckets = new JsonArray();
        for (NativeHistogramBuckets.Bucket b : NativeHistogramBuckets.of(histogram)) {
            buckets.add(new JsonArray()
                    .add(b.boundaries())
                    .add(GoFloat.formatJson(b.lower()))
                    .add(GoFloat.formatJson(b.upper()))
                    .add(number(b.count())));
        }
        json.put("buckets", buckets);
        json.put(
                "count",
                NativeHistogramBuckets.isFloat(histogram)
                        ? GoFloat.formatJson(histogram.getSampleCountFloat())
                        : Long.toUnsignedString(histogram.getSampleCount()));
        json.put("labels", labels);
        json.put("sum", GoFloat.formatJson(histogram.getSampleSum()));
    }

    private static String number(Number count) {
        return count instanceof Long l ? Long.toUnsignedString(l) : GoFloat.formatJson(count.doubleValue());
    }

    private static double value(Metrics.MetricType type, Metrics.Metric metric) {
        return switch (type) {
            case COUNTER -> metric.getCounter().getValue();
            case GAUGE -> metric.getGauge().getValue();
            default -> metric.getUntyped().getValue();
        };
    }

    private static JsonObject labels(Map<String, String> labels) {
        JsonObject json = new JsonObject();
        labels.forEach(json::put);
        return json;
    }
}
