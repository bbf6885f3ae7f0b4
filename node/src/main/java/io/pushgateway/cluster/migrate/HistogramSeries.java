package io.pushgateway.cluster.migrate;

import io.prometheus.metrics.expositionformats.generated.Metrics;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The histograms of a gateway's protobuf scrape, by family name and label set. A series is in
 * exactly one group (the gateway refuses duplicates), so its labels find it again for that group.
 */
final class HistogramSeries {
    static final HistogramSeries NONE = new HistogramSeries(Map.of());

    private final Map<String, Metrics.Histogram> byKey;

    private HistogramSeries(Map<String, Metrics.Histogram> byKey) {
        this.byKey = byKey;
    }

    static HistogramSeries of(Iterable<Metrics.MetricFamily> scrape) {
        Map<String, Metrics.Histogram> byKey = new HashMap<>();
        for (Metrics.MetricFamily family : scrape) {
            if (family.getType() != Metrics.MetricType.HISTOGRAM
                    && family.getType() != Metrics.MetricType.GAUGE_HISTOGRAM) {
                continue;
            }
            for (Metrics.Metric metric : family.getMetricList()) {
                Map<String, String> labels = new TreeMap<>();
                metric.getLabelList().forEach(pair -> labels.put(pair.getName(), pair.getValue()));
                byKey.put(key(family.getName(), labels), metric.getHistogram());
            }
        }
        return new HistogramSeries(byKey);
    }

    /** The scraped histogram of that series, or null. */
    Metrics.Histogram find(String family, Map<String, String> labels) {
        return byKey.get(key(family, new TreeMap<>(labels)));
    }

    int size() {
        return byKey.size();
    }

    private static String key(String family, Map<String, String> sortedLabels) {
        StringBuilder sb = new StringBuilder(family);
        sortedLabels.forEach((name, value) ->
                sb.append('\u0000').append(name).append('\u0001').append(value));
        return sb.toString();
    }
}
