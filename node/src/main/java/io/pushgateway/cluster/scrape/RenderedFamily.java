package io.pushgateway.cluster.scrape;

import io.prometheus.metrics.expositionformats.generated.Metrics;
import io.pushgateway.cluster.format.NameEscaping;
import io.pushgateway.cluster.format.SeriesKey;
import io.pushgateway.cluster.format.TextFormatWriter;
import io.pushgateway.cluster.model.GroupKey;
import io.pushgateway.cluster.store.StoredFamily;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * One group's part of a family, with each series already rendered in the text format (names as
 * stored, quoted where they break the classic rules) and found in the family's protobuf encoding.
 * Holds no parsed message: the replica keeps bytes only.
 *
 * @param help the family's help, or null
 * @param nonClassicNames whether the family or a label name breaks the classic rules, so that a
 *     scraper that does not read UTF-8 names must get this part escaped instead of these bytes
 */
record RenderedFamily(GroupKey group, String name, Metrics.MetricType type, String help, List<Series> series,
        boolean nonClassicNames) {

    /**
     * One series: its labels, its text lines, and where its {@code Metric} message lies in the
     * encoding of its family (shared with the stored family, not copied).
     */
    record Series(SeriesKey key, byte[] text, byte[] encodedFamily, int metricOffset, int metricLength) {
        Metrics.Metric metric() {
            try {
                return Metrics.Metric.parseFrom(ByteBuffer.wrap(encodedFamily, metricOffset, metricLength));
            } catch (IOException e) {
                throw new UncheckedIOException("corrupt stored series", e);
            }
        }
    }

    /** Renders a stored family: the series point into its encoding and share its series keys. */
    static RenderedFamily render(GroupKey group, StoredFamily stored) {
        return render(group, stored.family(), stored.encoded(), stored.seriesKeys());
    }

    static RenderedFamily render(GroupKey group, Metrics.MetricFamily family) {
        SeriesKey[] keys = new SeriesKey[family.getMetricCount()];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = SeriesKey.of(family.getMetric(i));
        }
        return render(group, family, family.toByteArray(), keys);
    }

    private static RenderedFamily render(GroupKey group, Metrics.MetricFamily family, byte[] encoded, SeriesKey[] keys) {
        int[] spans = MetricSpans.of(encoded, family.getMetricCount());
        Series[] series = new Series[family.getMetricCount()];
        for (int i = 0; i < series.length; i++) {
            Metrics.Metric metric = family.getMetric(i);
            series[i] = new Series(keys[i], TextFormatWriter.renderSeries(family.getName(), family.getType(),
                    metric), encoded, spans[2 * i], spans[2 * i + 1]);
        }
        String help = family.hasHelp() ? family.getHelp().intern() : null;
        // List.of: most parts hold one series, and a one-element list is the smallest.
        return new RenderedFamily(group, family.getName().intern(), family.getType(), help, List.of(series),
                NameEscaping.hasNonClassicNames(family));
    }
}
