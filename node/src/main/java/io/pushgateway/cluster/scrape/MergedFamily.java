package io.pushgateway.cluster.scrape;

import io.prometheus.metrics.expositionformats.generated.Metrics;
import io.pushgateway.cluster.format.SeriesKey;
import io.pushgateway.cluster.format.TextFormatWriter;
import io.pushgateway.cluster.format.Varints;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A family as a scrape shows it: the parts of every group (and the node's own series) merged into
 * one, series in the Pushgateway's order. Where stored data is inconsistent (pushed unchecked, or
 * through both sides of a partition) the merge still succeeds, the same way on every node: the type
 * and help of the group with the smallest key win, series of another type and repeated series are
 * left out and counted in {@link #dropped()}.
 */
final class MergedFamily {
    private static final Comparator<RenderedFamily.Series> EXPOSITION_ORDER =
            (a, b) -> SeriesKey.compareForExposition(a.key(), b.key());

    final String name;
    final Metrics.MetricType type;
    final String help;
    final List<RenderedFamily.Series> series;
    private final int dropped;
    /** The text format rendering, made at the first text scrape of this merge. */
    private volatile byte[] text;
    /** The protobuf rendering, made at the first protobuf scrape of this merge. */
    private volatile byte[] delimited;
    /** The compressed renderings, made at the first gzip scrape of this merge in each format. */
    private volatile DeflatedSegment textSegment;
    private volatile DeflatedSegment delimitedSegment;

    private MergedFamily(String name, Metrics.MetricType type, String help, List<RenderedFamily.Series> series,
            int dropped) {
        this.name = name;
        this.type = type;
        this.help = help;
        this.series = series;
        this.dropped = dropped;
    }

    /**
     * @param parts the groups' parts, ordered by group key id
     * @param own the node's own family of that name, or null
     */
    static MergedFamily merge(String name, List<RenderedFamily> parts, RenderedFamily own) {
        Metrics.MetricType type = own != null ? own.type() : parts.get(0).type();
        String help = own != null ? own.help() : firstHelp(parts);
        List<RenderedFamily.Series> candidates = new ArrayList<>();
        int dropped = 0;
        if (own != null) {
            candidates.addAll(own.series());
        }
        for (RenderedFamily part : parts) {
            if (part.type() == type) {
                candidates.addAll(part.series());
            } else {
                dropped += part.series().size();
            }
        }
        // Stable sort: among equal label sets the earlier group stays first and wins.
        candidates.sort(EXPOSITION_ORDER);
        List<RenderedFamily.Series> kept = new ArrayList<>(candidates.size());
        Set<SeriesKey> seen = new HashSet<>();
        for (RenderedFamily.Series s : candidates) {
            if (seen.add(s.key())) {
                kept.add(s);
            } else {
                dropped++;
            }
        }
        return new MergedFamily(name, type, help, kept, dropped);
    }

    int dropped() {
        return dropped;
    }

    boolean isEmpty() {
        return series.isEmpty();
    }

    private static String firstHelp(List<RenderedFamily> parts) {
        for (RenderedFamily part : parts) {
            if (part.help() != null) {
                return part.help();
            }
        }
        return null;
    }

    /** The family in the text format: header and every kept series; empty if none is kept. */
    byte[] text() {
        byte[] rendered = text;
        if (rendered == null) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            if (!series.isEmpty()) {
                TextFormatWriter.writeHeader(out, name, help, type);
                for (RenderedFamily.Series s : series) {
                    out.writeBytes(s.text());
                }
            }
            rendered = out.toByteArray();
            text = rendered;
        }
        return rendered;
    }

    /** The text or protobuf rendering compressed as a segment of a gzip scrape, made at the first such scrape. */
    DeflatedSegment segment(boolean protobuf) {
        DeflatedSegment segment = protobuf ? delimitedSegment : textSegment;
        if (segment != null) {
            return segment;
        }
        // Concurrent scrapes of a changed family compress it once; the others wait for it.
        synchronized (this) {
            segment = protobuf ? delimitedSegment : textSegment;
            if (segment != null) {
                return segment;
            }
            segment = DeflatedSegment.of(protobuf ? delimited() : text());
            if (protobuf) {
                delimitedSegment = segment;
            } else {
                textSegment = segment;
            }
            return segment;
        }
    }

    Metrics.MetricFamily toProtobuf() {
        Metrics.MetricFamily.Builder builder = Metrics.MetricFamily.newBuilder().setName(name).setType(type);
        if (help != null) {
            builder.setHelp(help);
        }
        for (RenderedFamily.Series s : series) {
            builder.addMetric(s.metric());
        }
        return builder.build();
    }

    /**
     * The family as one length-delimited {@code MetricFamily} message, as the protobuf scrape
     * format wants it, made of each series' stored bytes instead of a built message.
     */
    byte[] delimited() {
        byte[] rendered = delimited;
        if (rendered == null) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            writeDelimited(out);
            rendered = out.toByteArray();
            delimited = rendered;
        }
        return rendered;
    }

    private void writeDelimited(ByteArrayOutputStream out) {
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        byte[] helpBytes = help == null ? null : help.getBytes(StandardCharsets.UTF_8);
        int size = fieldSize(nameBytes.length) + (helpBytes == null ? 0 : fieldSize(helpBytes.length)) + 1
                + Varints.size(type.getNumber());
        for (RenderedFamily.Series s : series) {
            size += fieldSize(s.metricLength());
        }
        Varints.write(out, size);
        writeField(out, NAME_TAG, nameBytes, 0, nameBytes.length);
        if (helpBytes != null) {
            writeField(out, HELP_TAG, helpBytes, 0, helpBytes.length);
        }
        out.write(TYPE_TAG);
        Varints.write(out, type.getNumber());
        for (RenderedFamily.Series s : series) {
            writeField(out, METRIC_TAG, s.encodedFamily(), s.metricOffset(), s.metricLength());
        }
    }

    // Field numbers and wire types of MetricFamily: name 1, help 2 (length-delimited), type 3
    // (varint), metric 4 (length-delimited).
    private static final int NAME_TAG = 1 << 3 | 2;
    private static final int HELP_TAG = 2 << 3 | 2;
    private static final int TYPE_TAG = 3 << 3;
    private static final int METRIC_TAG = 4 << 3 | 2;

    private static void writeField(ByteArrayOutputStream out, int tag, byte[] bytes, int offset, int length) {
        out.write(tag);
        Varints.write(out, length);
        out.write(bytes, offset, length);
    }

    private static int fieldSize(int length) {
        return 1 + Varints.size(length) + length;
    }
}
