package io.pushgateway.cluster.scrape;

import io.prometheus.metrics.expositionformats.generated.Metrics;
import io.pushgateway.cluster.format.NameEscaping;
import io.pushgateway.cluster.format.SeriesKey;
import io.pushgateway.cluster.format.TextFormatWriter;
import io.pushgateway.cluster.format.Varints;
import io.pushgateway.cluster.model.GroupKey;
import io.pushgateway.cluster.store.StoredFamily;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;

/**
 * One group's part of a family as one block: the text lines of all its series (names as stored,
 * quoted where they break the classic rules), beside the stored family it was rendered from (its
 * encoding and series keys shared, not copied). One object per (family, group), none per series,
 * and the blocks of a group's parts in one array ({@link #shareText}): the scrape cache holds a part
 * for every family of every group, most parts hold a single series, and an array of its own per
 * part cost more in header and padding than its line. Holds no parsed message.
 *
 * <p>Series are in the Pushgateway's order within the group ({@link SeriesKey#compareForExposition});
 * where that is not the encoding's order (rare), a subclass keeps the map from one to the other.
 */
class RenderedFamily {
    /**
     * What a family's parts mostly share; one instance per family in the cache.
     *
     * @param help the family's help, or null
     * @param nonClassicNames whether the family or a label name breaks the classic rules, so that a
     *     scraper that does not read UTF-8 names must get this part escaped instead of these bytes
     * @param linesWithoutName whether the text block leaves out the family name that starts every
     *     line (a classic name does; a quoted one is inside the braces), to be put back when written
     */
    record Shape(String name, Metrics.MetricType type, String help, boolean nonClassicNames, boolean linesWithoutName) {
        /**
         * Compares the interned name and help by identity: every push asks this of each family it
         * changes, and the record's generated comparison costs several times as much.
         */
        @Override
        public boolean equals(Object o) {
            return o instanceof Shape other
                    && name == other.name
                    && type == other.type
                    && help == other.help
                    && nonClassicNames == other.nonClassicNames
                    && linesWithoutName == other.linesWithoutName;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(name) * 31 + type.hashCode();
        }
    }

    final GroupKey group;
    /** Replaced by an equal instance shared by the family's parts when the cache takes the part. */
    Shape shape;
    /**
     * Holds at {@code at} the block's length as a varint, then the text lines of every series, in
     * order (without their name where the shape says so). Set before the part is published, under
     * the cache's lock.
     */
    private byte[] blocks;

    private int at;
    private final StoredFamily stored;

    RenderedFamily(GroupKey group, Shape shape, byte[] text, StoredFamily stored) {
        this.group = group;
        this.shape = shape;
        this.blocks = new byte[Varints.size(text.length) + text.length];
        System.arraycopy(text, 0, blocks, Varints.write(blocks, 0, text.length), text.length);
        this.stored = stored;
    }

    /**
     * Moves the blocks of a group's parts into one array. The cache replaces all parts of a group
     * together whenever it changes, so none keeps the array alive for long after the others.
     */
    static void shareText(List<RenderedFamily> parts) {
        int size = 0;
        for (RenderedFamily part : parts) {
            size += part.textEnd() - part.at;
        }
        byte[] shared = new byte[size];
        int at = 0;
        for (RenderedFamily part : parts) {
            int length = part.textEnd() - part.at;
            System.arraycopy(part.blocks, part.at, shared, at, length);
            part.blocks = shared;
            part.at = at;
            at += length;
        }
    }

    private int textStart() {
        return at + Varints.encodedLength(blocks, at);
    }

    private int textEnd() {
        return textStart() + (int) Varints.read(blocks, at);
    }

    /** Renders a stored family: the part shares its encoding and series keys. */
    static RenderedFamily render(GroupKey group, StoredFamily stored) {
        return render(group, stored.family(), stored);
    }

    /** Renders a family made for the scrape (the node's own series, a part left with fewer series). */
    static RenderedFamily render(GroupKey group, Metrics.MetricFamily family) {
        return render(group, family, new StoredFamily(family, 0));
    }

    /**
     * The part of a group's push time or failure time gauge ({@code name} is {@link GroupFamilies#PUSH_TIME}
     * or {@link GroupFamilies#FAILURE_TIME}). Its encoding and key are made again when asked for, not
     * kept: they follow from the group's key and the time, and every group has two such parts.
     */
    static RenderedFamily pushTime(GroupKey group, String name, long unixNanos) {
        Metrics.MetricFamily family = GroupFamilies.timeFamily(group, name, unixNanos);
        byte[] text = TextFormatWriter.renderSeries(name, family.getType(), family.getMetric(0));
        byte[] stripped = withoutName(text, name, family.getType(), 1);
        return new PushTime(group, shapeOf(family, stripped != null), stripped != null ? stripped : text, unixNanos);
    }

    private static final class PushTime extends RenderedFamily {
        private final long unixNanos;

        PushTime(GroupKey group, Shape shape, byte[] text, long unixNanos) {
            super(group, shape, text, null);
            this.unixNanos = unixNanos;
        }

        @Override
        int seriesCount() {
            return 1;
        }

        @Override
        byte[] encoded() {
            return GroupFamilies.timeFamily(group, shape.name(), unixNanos).toByteArray();
        }

        @Override
        SeriesKey[] keysInOrder() {
            return new SeriesKey[] {SeriesKey.of(group.seriesLabels())};
        }
    }

    private static RenderedFamily render(GroupKey group, Metrics.MetricFamily family, StoredFamily stored) {
        int count = family.getMetricCount();
        int[] order = null;
        if (count > 1) {
            SeriesKey[] keys = stored.seriesKeys();
            Integer[] sorted = new Integer[count];
            Arrays.setAll(sorted, i -> i);
            // Stable: equal label sets keep their stored order.
            Arrays.sort(sorted, (a, b) -> SeriesKey.compareForExposition(keys[a], keys[b]));
            for (int i = 0; i < count; i++) {
                if (sorted[i] != i) {
                    order = Arrays.stream(sorted).mapToInt(Integer::intValue).toArray();
                    break;
                }
            }
        }
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        for (int i = 0; i < count; i++) {
            text.writeBytes(TextFormatWriter.renderSeries(
                    family.getName(), family.getType(), family.getMetric(order == null ? i : order[i])));
        }
        byte[] rendered = text.toByteArray();
        byte[] stripped = withoutName(rendered, family.getName(), family.getType(), count);
        Shape shape = shapeOf(family, stripped != null);
        byte[] lines = stripped != null ? stripped : rendered;
        return order == null
                ? new RenderedFamily(group, shape, lines, stored)
                : new Reordered(group, shape, lines, stored, order);
    }

    /** A part whose series the Pushgateway's order puts otherwise than the encoding. */
    private static final class Reordered extends RenderedFamily {
        /** The index in the encoding of each series, in the Pushgateway's order. */
        private final int[] order;

        Reordered(GroupKey group, Shape shape, byte[] text, StoredFamily stored, int[] order) {
            super(group, shape, text, stored);
            this.order = order;
        }

        @Override
        SeriesKey[] keysInOrder() {
            SeriesKey[] keys = super.keysInOrder();
            SeriesKey[] ordered = new SeriesKey[keys.length];
            for (int i = 0; i < keys.length; i++) {
                ordered[i] = keys[order[i]];
            }
            return ordered;
        }

        @Override
        int[] spansInOrder(byte[] encoded) {
            int[] spans = super.spansInOrder(encoded);
            int[] ordered = new int[spans.length];
            for (int i = 0; i < order.length; i++) {
                ordered[2 * i] = spans[2 * order[i]];
                ordered[2 * i + 1] = spans[2 * order[i] + 1];
            }
            return ordered;
        }
    }

    private static Shape shapeOf(Metrics.MetricFamily family, boolean linesWithoutName) {
        return new Shape(
                family.getName().intern(),
                family.getType(),
                family.hasHelp() ? family.getHelp().intern() : null,
                NameEscaping.hasNonClassicNames(family),
                linesWithoutName);
    }

    /** Whether each series of this type is written as one line (so a block has as many lines as series). */
    private static boolean oneLinePerSeries(Metrics.MetricType type) {
        return type == Metrics.MetricType.COUNTER
                || type == Metrics.MetricType.GAUGE
                || type == Metrics.MetricType.UNTYPED;
    }

    /**
     * The lines without the name each starts with, or null if one does not start with it (or a type
     * of one line per series has another count). Every line of a family repeats its name, often the
     * longest part of the line; the block need not. Lines end at the only raw newlines of the text
     * format (label values escape theirs).
     */
    private static byte[] withoutName(byte[] text, String name, Metrics.MetricType type, int series) {
        byte[] prefix = name.getBytes(StandardCharsets.UTF_8);
        if (prefix.length == 0) {
            return null;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length);
        int start = 0;
        int lines = 0;
        while (start < text.length) {
            lines++;
            if (!Arrays.equals(text, start, Math.min(text.length, start + prefix.length), prefix, 0, prefix.length)) {
                return null;
            }
            int end = start + prefix.length;
            while (end < text.length && text[end] != '\n') {
                end++;
            }
            out.write(text, start + prefix.length, Math.min(text.length, end + 1) - start - prefix.length);
            start = end + 1;
        }
        return oneLinePerSeries(type) && lines != series ? null : out.toByteArray();
    }

    /** Writes the block's lines as the text format has them, with the family name put back where left out. */
    int writeText(byte[] out, int at, byte[] nameBytes) {
        int start = textStart();
        int end = textEnd();
        if (!shape.linesWithoutName()) {
            System.arraycopy(blocks, start, out, at, end - start);
            return at + end - start;
        }
        if (oneLinePerSeries(shape.type()) && seriesCount() == 1) {
            System.arraycopy(nameBytes, 0, out, at, nameBytes.length);
            System.arraycopy(blocks, start, out, at + nameBytes.length, end - start);
            return at + nameBytes.length + end - start;
        }
        for (int i = start; i < end; i++) {
            if (blocks[i] == '\n') {
                System.arraycopy(nameBytes, 0, out, at, nameBytes.length);
                at += nameBytes.length;
                System.arraycopy(blocks, start, out, at, i + 1 - start);
                at += i + 1 - start;
                start = i + 1;
            }
        }
        return at;
    }

    /** How many bytes {@link #writeText} writes. */
    int textLength(int nameLength) {
        int start = textStart();
        int length = textEnd() - start;
        if (!shape.linesWithoutName()) {
            return length;
        }
        if (oneLinePerSeries(shape.type())) {
            return length + seriesCount() * nameLength;
        }
        int lines = 0;
        for (int i = start; i < start + length; i++) {
            if (blocks[i] == '\n') {
                lines++;
            }
        }
        return length + lines * nameLength;
    }

    String name() {
        return shape.name();
    }

    Metrics.MetricType type() {
        return shape.type();
    }

    /** The family's help, or null. */
    String help() {
        return shape.help();
    }

    boolean nonClassicNames() {
        return shape.nonClassicNames();
    }

    int seriesCount() {
        return stored.seriesCount();
    }

    /** The family's protobuf encoding; not to be modified. */
    byte[] encoded() {
        return stored.encoded();
    }

    /** The label sets of the series, in this part's order: shared with the stored family where kept there. */
    SeriesKey[] keysInOrder() {
        return stored.seriesKeys();
    }

    /** Where each series' {@code Metric} message lies in {@code encoded} (as {@link #encoded()} gave it), in this part's order. */
    int[] spansInOrder(byte[] encoded) {
        return MetricSpans.of(encoded, seriesCount());
    }

    /** The series' messages, in this part's order. */
    Metrics.Metric[] metrics() {
        byte[] encoded = encoded();
        int[] spans = spansInOrder(encoded);
        Metrics.Metric[] metrics = new Metrics.Metric[spans.length / 2];
        for (int i = 0; i < metrics.length; i++) {
            try {
                metrics[i] = Metrics.Metric.parseFrom(ByteBuffer.wrap(encoded, spans[2 * i], spans[2 * i + 1]));
            } catch (IOException e) {
                throw new UncheckedIOException("corrupt stored series", e);
            }
        }
        return metrics;
    }

    /**
     * This part with only the series {@code kept} holds (indices in this part's order), rendered
     * anew; for the rare merge that leaves out some series of a part (held by two groups).
     */
    RenderedFamily only(BitSet kept) {
        Metrics.Metric[] metrics = metrics();
        Metrics.MetricFamily.Builder family =
                Metrics.MetricFamily.newBuilder().setName(name()).setType(type());
        if (help() != null) {
            family.setHelp(help());
        }
        for (int i = kept.nextSetBit(0); i >= 0; i = kept.nextSetBit(i + 1)) {
            family.addMetric(metrics[i]);
        }
        return render(group, family.build());
    }
}
