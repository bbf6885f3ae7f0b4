package io.pushgateway.cluster.format;

import io.prometheus.metrics.expositionformats.generated.Metrics;
import java.util.Arrays;

/**
 * The label pairs of a series, compact: their UTF-8 bytes in one array, values first. What the
 * replica keeps per series to index, compare and sort series by; a {@code Labels} value with its
 * strings takes several times the memory. UTF-8 bytes compare in code point order, so values
 * sort as {@link io.pushgateway.cluster.model.Labels#compareForExposition} sorts them.
 */
public final class SeriesKey {
    /** Layout: pair count, then each value, then each name; every count and length a varint. */
    private final byte[] bytes;
    private final int hash;

    private SeriesKey(byte[] bytes) {
        this.bytes = bytes;
        this.hash = Arrays.hashCode(bytes);
    }

    public static SeriesKey of(Metrics.Metric metric) {
        int pairs = metric.getLabelCount();
        int size = Varints.size(pairs);
        for (int i = 0; i < pairs; i++) {
            Metrics.LabelPair pair = metric.getLabel(i);
            size += fieldSize(pair.getValueBytes().size()) + fieldSize(pair.getNameBytes().size());
        }
        byte[] bytes = new byte[size];
        int at = Varints.write(bytes, 0, pairs);
        for (int i = 0; i < pairs; i++) {
            var value = metric.getLabel(i).getValueBytes();
            at = Varints.write(bytes, at, value.size());
            value.copyTo(bytes, at);
            at += value.size();
        }
        for (int i = 0; i < pairs; i++) {
            var name = metric.getLabel(i).getNameBytes();
            at = Varints.write(bytes, at, name.size());
            name.copyTo(bytes, at);
            at += name.size();
        }
        return new SeriesKey(bytes);
    }

    /**
     * The Pushgateway's order of series in a family: fewer labels first, then by label values in
     * code point order, names not compared (they are sorted, so equal counts mostly mean equal names).
     */
    public static int compareForExposition(SeriesKey a, SeriesKey b) {
        byte[] x = a.bytes;
        byte[] y = b.bytes;
        int pairs = (int) Varints.read(x, 0);
        int c = Integer.compare(pairs, (int) Varints.read(y, 0));
        if (c != 0) {
            return c;
        }
        int i = Varints.size(pairs);
        int j = i;
        for (int p = 0; p < pairs; p++) {
            int lx = (int) Varints.read(x, i);
            int ly = (int) Varints.read(y, j);
            i += Varints.size(lx);
            j += Varints.size(ly);
            c = Arrays.compareUnsigned(x, i, i + lx, y, j, j + ly);
            if (c != 0) {
                return c;
            }
            i += lx;
            j += ly;
        }
        return 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SeriesKey other && hash == other.hash && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    private static int fieldSize(int length) {
        return Varints.size(length) + length;
    }
}
