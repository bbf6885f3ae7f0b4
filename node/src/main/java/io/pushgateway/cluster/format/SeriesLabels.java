package io.pushgateway.cluster.format;

import io.prometheus.metrics.expositionformats.generated.Metrics;
import io.pushgateway.cluster.model.Labels;

/** The label pairs of a series as a {@link Labels} value, to compare, sort and index series by. */
public final class SeriesLabels {
    private SeriesLabels() {}

    public static Labels of(Metrics.Metric metric) {
        String[] pairs = new String[metric.getLabelCount() * 2];
        for (int i = 0; i < metric.getLabelCount(); i++) {
            pairs[2 * i] = metric.getLabel(i).getName();
            pairs[2 * i + 1] = metric.getLabel(i).getValue();
        }
        return Labels.of(pairs);
    }
}
