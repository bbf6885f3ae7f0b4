package io.pushgateway.cluster.scrape;

import io.prometheus.metrics.expositionformats.generated.Metrics;
import io.pushgateway.cluster.format.SeriesKey;
import io.pushgateway.cluster.format.TextFormatWriter;
import io.pushgateway.cluster.format.Varints;
import java.io.ByteArrayOutputStream;
import java.lang.ref.WeakReference;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A family as a scrape shows it: the parts of every group (and the node's own series) merged into
 * one. Series are in a deterministic order, the same on every node: the node's own first, then
 * group by group in the order of their keys, each group's in the Pushgateway's order. Scrapers do
 * not need series sorted across groups, and keeping whole blocks per group makes a merge a
 * concatenation instead of a sort of every series. Where stored data is inconsistent (pushed
 * unchecked, or through both sides of a partition) the merge still succeeds, the same way on every
 * node: the type and help of the first part win, series of another type and repeated series (the
 * later copies) are left out and counted in {@link #dropped()}.
 *
 * <p>Only the compressed renderings are kept; the uncompressed ones are concatenated from the parts
 * when a scrape asks for them, so that the store's text is held once, in the parts. The last
 * concatenation is weakly held: scrapes at the same moment (a Prometheus HA pair, several clients)
 * or soon after share it until the collector needs the room.
 */
final class MergedFamily {
    final String name;
    final Metrics.MetricType type;
    final String help;
    private final List<RenderedFamily> parts;
    private final int dropped;
    /** The compressed renderings, made at the first gzip scrape of this merge in each format. */
    private volatile DeflatedSegment textSegment;

    private volatile DeflatedSegment delimitedSegment;

    private volatile WeakReference<byte[]> lastText = EMPTY_REFERENCE;
    private volatile WeakReference<byte[]> lastDelimited = EMPTY_REFERENCE;

    private static final WeakReference<byte[]> EMPTY_REFERENCE = new WeakReference<>(null);

    private MergedFamily(String name, Metrics.MetricType type, String help, List<RenderedFamily> parts, int dropped) {
        this.name = name;
        this.type = type;
        this.help = help;
        this.parts = parts;
        this.dropped = dropped;
    }

    /**
     * @param parts the groups' parts, ordered by group key id
     * @param own the node's own family of that name, or null
     */
    static MergedFamily merge(String name, List<RenderedFamily> parts, RenderedFamily own) {
        List<RenderedFamily> candidates = new ArrayList<>(parts.size() + 1);
        if (own != null) {
            candidates.add(own);
        }
        candidates.addAll(parts);
        Metrics.MetricType type = candidates.get(0).type();
        String help = own != null ? own.help() : firstHelp(parts);
        List<RenderedFamily> kept = new ArrayList<>(candidates.size());
        Set<SeriesKey> seen = new HashSet<>();
        int dropped = 0;
        for (RenderedFamily part : candidates) {
            if (part.type() != type) {
                dropped += part.seriesCount();
                continue;
            }
            SeriesKey[] keys = part.keysInOrder();
            if (keys.length == 0) {
                continue; // a family stored without series shows nothing, as upstream
            }
            BitSet fresh = new BitSet(keys.length);
            for (int i = 0; i < keys.length; i++) {
                if (seen.add(keys[i])) {
                    fresh.set(i);
                } else {
                    dropped++;
                }
            }
            if (fresh.cardinality() == keys.length) {
                kept.add(part);
            } else if (!fresh.isEmpty()) {
                kept.add(part.only(fresh));
            }
        }
        return new MergedFamily(name, type, help, kept, dropped);
    }

    int dropped() {
        return dropped;
    }

    boolean isEmpty() {
        return parts.isEmpty();
    }

    private static String firstHelp(List<RenderedFamily> parts) {
        for (RenderedFamily part : parts) {
            if (part.help() != null) {
                return part.help();
            }
        }
        return null;
    }

    /** The family in the text format: header and every kept series; empty if none is kept. Not to be modified. */
    byte[] text() {
        byte[] kept = lastText.get();
        if (kept == null) {
            kept = concatenateText();
            lastText = new WeakReference<>(kept);
        }
        return kept;
    }

    private byte[] concatenateText() {
        if (parts.isEmpty()) {
            return new byte[0];
        }
        ByteArrayOutputStream header = new ByteArrayOutputStream();
        TextFormatWriter.writeHeader(header, name, help, type);
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        int size = header.size();
        for (RenderedFamily part : parts) {
            size += part.textLength(nameBytes.length);
        }
        byte[] text = new byte[size];
        int at = header.size();
        System.arraycopy(header.toByteArray(), 0, text, 0, at);
        for (RenderedFamily part : parts) {
            at = part.writeText(text, at, nameBytes);
        }
        return text;
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
        Metrics.MetricFamily.Builder builder =
                Metrics.MetricFamily.newBuilder().setName(name).setType(type);
        if (help != null) {
            builder.setHelp(help);
        }
        for (RenderedFamily part : parts) {
            for (Metrics.Metric metric : part.metrics()) {
                builder.addMetric(metric);
            }
        }
        return builder.build();
    }

    /**
     * The family as one length-delimited {@code MetricFamily} message, as the protobuf scrape
     * format wants it, made of each series' stored bytes instead of a built message. Not to be modified.
     */
    byte[] delimited() {
        byte[] kept = lastDelimited.get();
        if (kept == null) {
            kept = concatenateDelimited();
            lastDelimited = new WeakReference<>(kept);
        }
        return kept;
    }

    private byte[] concatenateDelimited() {
        if (parts.isEmpty()) {
            return new byte[0];
        }
        int[][] spans = new int[parts.size()][];
        byte[][] encodings = new byte[parts.size()][];
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        byte[] helpBytes = help == null ? null : help.getBytes(StandardCharsets.UTF_8);
        int size = fieldSize(nameBytes.length)
                + (helpBytes == null ? 0 : fieldSize(helpBytes.length))
                + 1
                + Varints.size(type.getNumber());
        for (int p = 0; p < spans.length; p++) {
            encodings[p] = parts.get(p).encoded();
            spans[p] = parts.get(p).spansInOrder(encodings[p]);
            for (int i = 1; i < spans[p].length; i += 2) {
                size += fieldSize(spans[p][i]);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(size + 5);
        Varints.write(out, size);
        writeField(out, NAME_TAG, nameBytes, 0, nameBytes.length);
        if (helpBytes != null) {
            writeField(out, HELP_TAG, helpBytes, 0, helpBytes.length);
        }
        out.write(TYPE_TAG);
        Varints.write(out, type.getNumber());
        for (int p = 0; p < spans.length; p++) {
            byte[] encoded = encodings[p];
            for (int i = 0; i < spans[p].length; i += 2) {
                writeField(out, METRIC_TAG, encoded, spans[p][i], spans[p][i + 1]);
            }
        }
        return out.toByteArray();
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
