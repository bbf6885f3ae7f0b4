package io.pushgateway.cluster.scrape;

import io.prometheus.metrics.expositionformats.generated.Metrics;
import io.pushgateway.cluster.format.NameEscaping;
import io.pushgateway.cluster.format.SeriesKey;
import io.pushgateway.cluster.format.TextFormatWriter;
import io.pushgateway.cluster.model.GroupKey;
import io.pushgateway.cluster.store.StoredFamily;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.BitSet;

/**
 * One group's part of a family as one block: the text lines of all its series in one array (names
 * as stored, quoted where they break the classic rules), beside the family's protobuf encoding
 * (shared with the stored family, not copied). One object and one array per (family, group), none
 * per series: the scrape cache holds a part for every family of every group, and most parts hold a
 * single series. Holds no parsed message.
 *
 * <p>Series are in the Pushgateway's order within the group ({@link SeriesKey#compareForExposition});
 * {@code order} maps that order to the encoding's, and is null where they are the same (the usual case).
 */
final class RenderedFamily {
    final GroupKey group;
    final String name;
    final Metrics.MetricType type;
    /** The family's help, or null. */
    final String help;
    /**
     * Whether the family or a label name breaks the classic rules, so that a scraper that does not
     * read UTF-8 names must get this part escaped instead of these bytes.
     */
    final boolean nonClassicNames;
    /** The text lines of every series, in order. */
    final byte[] text;
    private final byte[] encoded;
    /** The label sets in the encoding's order, shared with the stored family; null: made when asked. */
    private final SeriesKey[] keys;
    private final int[] order;
    private final int seriesCount;

    private RenderedFamily(GroupKey group, String name, Metrics.MetricType type, String help, boolean nonClassicNames,
            byte[] text, byte[] encoded, SeriesKey[] keys, int[] order, int seriesCount) {
        this.group = group;
        this.name = name;
        this.type = type;
        this.help = help;
        this.nonClassicNames = nonClassicNames;
        this.text = text;
        this.encoded = encoded;
        this.keys = keys;
        this.order = order;
        this.seriesCount = seriesCount;
    }

    /** Renders a stored family: the part points into its encoding and shares its series keys. */
    static RenderedFamily render(GroupKey group, StoredFamily stored) {
        return render(group, stored.family(), stored.encoded(), stored.seriesKeys());
    }

    /**
     * Renders a family made for the scrape (push times, the node's own); its series keys are made
     * again when a merge asks for them rather than kept.
     */
    static RenderedFamily render(GroupKey group, Metrics.MetricFamily family) {
        return render(group, family, family.toByteArray(), null);
    }

    private static RenderedFamily render(GroupKey group, Metrics.MetricFamily family, byte[] encoded, SeriesKey[] keys) {
        int count = family.getMetricCount();
        int[] order = null;
        if (count > 1) {
            SeriesKey[] sortBy = keys != null ? keys : SeriesKey.ofFamily(encoded);
            Integer[] sorted = new Integer[count];
            Arrays.setAll(sorted, i -> i);
            // Stable: equal label sets keep their stored order.
            Arrays.sort(sorted, (a, b) -> SeriesKey.compareForExposition(sortBy[a], sortBy[b]));
            for (int i = 0; i < count; i++) {
                if (sorted[i] != i) {
                    order = Arrays.stream(sorted).mapToInt(Integer::intValue).toArray();
                    break;
                }
            }
        }
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        for (int i = 0; i < count; i++) {
            text.writeBytes(TextFormatWriter.renderSeries(family.getName(), family.getType(),
                    family.getMetric(order == null ? i : order[i])));
        }
        String help = family.hasHelp() ? family.getHelp().intern() : null;
        return new RenderedFamily(group, family.getName().intern(), family.getType(), help,
                NameEscaping.hasNonClassicNames(family), text.toByteArray(), encoded, keys, order, count);
    }

    int seriesCount() {
        return seriesCount;
    }

    /**
     * The label sets of the series, in this part's order: shared with the stored family, or made
     * here as views of the encoding.
     */
    SeriesKey[] keysInOrder() {
        SeriesKey[] stored = keys;
        if (stored == null) {
            stored = SeriesKey.ofFamily(encoded);
        }
        if (order == null) {
            return stored;
        }
        SeriesKey[] ordered = new SeriesKey[seriesCount];
        for (int i = 0; i < seriesCount; i++) {
            ordered[i] = stored[order[i]];
        }
        return ordered;
    }

    /** Where each series' {@code Metric} message lies in the encoding, in this part's order. */
    int[] spansInOrder() {
        int[] spans = MetricSpans.of(encoded, seriesCount);
        if (order == null) {
            return spans;
        }
        int[] ordered = new int[spans.length];
        for (int i = 0; i < seriesCount; i++) {
            ordered[2 * i] = spans[2 * order[i]];
            ordered[2 * i + 1] = spans[2 * order[i] + 1];
        }
        return ordered;
    }

    byte[] encoded() {
        return encoded;
    }

    /** The series' messages, in this part's order. */
    Metrics.Metric[] metrics() {
        int[] spans = spansInOrder();
        Metrics.Metric[] metrics = new Metrics.Metric[seriesCount];
        for (int i = 0; i < seriesCount; i++) {
            metrics[i] = metricAt(spans, i);
        }
        return metrics;
    }

    private Metrics.Metric metricAt(int[] spans, int i) {
        try {
            return Metrics.Metric.parseFrom(ByteBuffer.wrap(encoded, spans[2 * i], spans[2 * i + 1]));
        } catch (IOException e) {
            throw new UncheckedIOException("corrupt stored series", e);
        }
    }

    /**
     * This part with only the series {@code kept} holds (indices in this part's order), rendered
     * anew; for the rare merge that leaves out some series of a part (held by two groups).
     */
    RenderedFamily only(BitSet kept) {
        Metrics.Metric[] metrics = metrics();
        Metrics.MetricFamily.Builder family = Metrics.MetricFamily.newBuilder().setName(name).setType(type);
        if (help != null) {
            family.setHelp(help);
        }
        for (int i = kept.nextSetBit(0); i >= 0; i = kept.nextSetBit(i + 1)) {
            family.addMetric(metrics[i]);
        }
        return render(group, family.build());
    }
}
