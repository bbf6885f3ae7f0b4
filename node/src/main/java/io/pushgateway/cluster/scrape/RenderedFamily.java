package io.pushgateway.cluster.scrape;

import io.prometheus.metrics.expositionformats.generated.Metrics;
import io.pushgateway.cluster.format.NameEscaping;
import io.pushgateway.cluster.format.SeriesLabels;
import io.pushgateway.cluster.format.TextFormatWriter;
import io.pushgateway.cluster.model.GroupKey;
import io.pushgateway.cluster.model.Labels;
import java.util.ArrayList;
import java.util.List;

/**
 * One group's part of a family, with each series already rendered in the text format (names as
 * stored, quoted where they break the classic rules).
 *
 * @param nonClassicNames whether the family or a label name breaks the classic rules, so that a
 *     scraper that does not read UTF-8 names must get this part escaped instead of these bytes
 */
record RenderedFamily(GroupKey group, Metrics.MetricFamily family, List<Series> series, boolean nonClassicNames) {
    record Series(Labels labels, byte[] text, Metrics.Metric metric) {}

    static RenderedFamily render(GroupKey group, Metrics.MetricFamily family) {
        List<Series> series = new ArrayList<>(family.getMetricCount());
        for (Metrics.Metric metric : family.getMetricList()) {
            series.add(new Series(SeriesLabels.of(metric),
                    TextFormatWriter.renderSeries(family.getName(), family.getType(), metric), metric));
        }
        return new RenderedFamily(group, family, series, NameEscaping.hasNonClassicNames(family));
    }
}
