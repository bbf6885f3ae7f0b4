package io.pushgateway.cluster.format;

import io.prometheus.metrics.expositionformats.generated.Metrics;
import io.pushgateway.cluster.model.Labels;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The label pairs of a series, compact: a view of the {@code label} fields in the protobuf
 * encoding of its {@code Metric} message, usually inside the stored encoding of its family, so
 * that keeping a key per stored series copies no label bytes. What the replica keeps per series to
 * index, compare and sort series by; a {@code Labels} value with its strings takes several times
 * the memory. Pairs are read from the bytes on each comparison; an absent value is the empty one,
 * as protobuf reads it. UTF-8 bytes compare in code point order, so values sort as
 * {@link io.pushgateway.cluster.model.Labels#compareForExposition} sorts them.
 */
public final class SeriesKey {
    private static final int LABEL_FIELD = 1;
    private static final int METRIC_FIELD = 4;
    private static final int NAME_FIELD = 1;
    private static final int VALUE_FIELD = 2;

    /**
     * Holds the {@code Metric} message (or just its label fields) after its length, a varint at
     * {@code lengthAt}: the length is read from there rather than kept, a field less in an object
     * the replica keeps per series.
     */
    private final byte[] source;

    private final int lengthAt;
    private final int hash;

    private SeriesKey(byte[] source, int lengthAt) {
        this.source = source;
        this.lengthAt = lengthAt;
        int h = 1;
        Pairs pairs = new Pairs(this);
        while (pairs.next()) {
            h = 31 * (31 * h + hash(source, pairs.nameAt, pairs.nameLength))
                    + hash(source, pairs.valueAt, pairs.valueLength);
        }
        this.hash = h;
    }

    /** The key of a built message: its label pairs encoded anew, apart from the message. */
    public static SeriesKey of(Metrics.Metric metric) {
        // Indexed loops: made for every series of every push, where an iterator each adds up.
        int labels = metric.getLabelCount();
        int size = 0;
        for (int i = 0; i < labels; i++) {
            size += 1 + fieldSize(pairSize(metric.getLabel(i)));
        }
        byte[] bytes = new byte[Varints.size(size) + size];
        int at = Varints.write(bytes, 0, size);
        for (int i = 0; i < labels; i++) {
            Metrics.LabelPair pair = metric.getLabel(i);
            bytes[at++] = (byte) (LABEL_FIELD << 3 | 2);
            at = Varints.write(bytes, at, pairSize(pair));
            var name = pair.getNameBytes();
            bytes[at++] = (byte) (NAME_FIELD << 3 | 2);
            at = Varints.write(bytes, at, name.size());
            name.copyTo(bytes, at);
            at += name.size();
            var value = pair.getValueBytes();
            bytes[at++] = (byte) (VALUE_FIELD << 3 | 2);
            at = Varints.write(bytes, at, value.size());
            value.copyTo(bytes, at);
            at += value.size();
        }
        return new SeriesKey(bytes, 0);
    }

    /** The key of a series with these labels, encoded as {@link #of(Metrics.Metric)} encodes them. */
    public static SeriesKey of(Labels labels) {
        byte[][] names = new byte[labels.size()][];
        byte[][] values = new byte[labels.size()][];
        int size = 0;
        for (int i = 0; i < names.length; i++) {
            names[i] = labels.name(i).getBytes(StandardCharsets.UTF_8);
            values[i] = labels.value(i).getBytes(StandardCharsets.UTF_8);
            size += 1 + fieldSize(pairSize(names[i].length, values[i].length));
        }
        byte[] bytes = new byte[Varints.size(size) + size];
        int at = Varints.write(bytes, 0, size);
        for (int i = 0; i < names.length; i++) {
            bytes[at++] = (byte) (LABEL_FIELD << 3 | 2);
            at = Varints.write(bytes, at, pairSize(names[i].length, values[i].length));
            at = writeField(bytes, at, NAME_FIELD, names[i]);
            at = writeField(bytes, at, VALUE_FIELD, values[i]);
        }
        return new SeriesKey(bytes, 0);
    }

    /**
     * The keys of every series of a family, in order, from the protobuf encoding of its
     * {@code MetricFamily}: views into {@code encodedFamily}, which must not change.
     */
    public static SeriesKey[] ofFamily(byte[] encodedFamily) {
        SeriesKey[] keys = new SeriesKey[4];
        int count = 0;
        int at = 0;
        while (at < encodedFamily.length) {
            int tag = (int) Varints.read(encodedFamily, at);
            at += Varints.encodedLength(encodedFamily, at);
            if ((tag & 7) != 2) {
                at = skip(encodedFamily, at, tag & 7);
                continue;
            }
            int lengthAt = at;
            int fieldLength = (int) Varints.read(encodedFamily, at);
            at += Varints.encodedLength(encodedFamily, at);
            if (tag >>> 3 == METRIC_FIELD) {
                if (count == keys.length) {
                    keys = Arrays.copyOf(keys, count * 2);
                }
                keys[count++] = new SeriesKey(encodedFamily, lengthAt);
            }
            at += fieldLength;
        }
        return count == keys.length ? keys : Arrays.copyOf(keys, count);
    }

    /**
     * The Pushgateway's order of series in a family: fewer labels first, then by label values in
     * code point order, names not compared (they are sorted, so equal counts mostly mean equal names).
     */
    public static int compareForExposition(SeriesKey a, SeriesKey b) {
        int c = Integer.compare(a.pairCount(), b.pairCount());
        if (c != 0) {
            return c;
        }
        Pairs x = new Pairs(a);
        Pairs y = new Pairs(b);
        while (x.next() && y.next()) {
            c = Arrays.compareUnsigned(
                    a.source, x.valueAt, x.valueAt + x.valueLength, b.source, y.valueAt, y.valueAt + y.valueLength);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    private int pairCount() {
        int count = 0;
        Pairs pairs = new Pairs(this);
        while (pairs.next()) {
            count++;
        }
        return count;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof SeriesKey other) || hash != other.hash) {
            return false;
        }
        Pairs x = new Pairs(this);
        Pairs y = new Pairs(other);
        while (true) {
            boolean more = x.next();
            if (more != y.next()) {
                return false;
            }
            if (!more) {
                return true;
            }
            if (!Arrays.equals(
                            source, x.nameAt, x.nameAt + x.nameLength, other.source, y.nameAt, y.nameAt + y.nameLength)
                    || !Arrays.equals(
                            source,
                            x.valueAt,
                            x.valueAt + x.valueLength,
                            other.source,
                            y.valueAt,
                            y.valueAt + y.valueLength)) {
                return false;
            }
        }
    }

    @Override
    public int hashCode() {
        return hash;
    }

    /** Walks the label pairs of a key: after each {@link #next()}, where the pair's name and value lie. */
    private static final class Pairs {
        private final byte[] bytes;
        private final int end;
        private int at;
        int nameAt;
        int nameLength;
        int valueAt;
        int valueLength;

        Pairs(SeriesKey key) {
            bytes = key.source;
            at = key.lengthAt + Varints.encodedLength(bytes, key.lengthAt);
            end = at + (int) Varints.read(bytes, key.lengthAt);
        }

        boolean next() {
            while (at < end) {
                int tag = (int) Varints.read(bytes, at);
                at += Varints.encodedLength(bytes, at);
                if ((tag & 7) != 2) {
                    at = skip(bytes, at, tag & 7);
                    continue;
                }
                int fieldLength = (int) Varints.read(bytes, at);
                at += Varints.encodedLength(bytes, at);
                int start = at;
                at += fieldLength;
                if (tag >>> 3 == LABEL_FIELD) {
                    readPair(start, at);
                    return true;
                }
            }
            return false;
        }

        private void readPair(int from, int to) {
            nameAt = from;
            nameLength = 0;
            valueAt = from;
            valueLength = 0;
            int p = from;
            while (p < to) {
                int tag = (int) Varints.read(bytes, p);
                p += Varints.encodedLength(bytes, p);
                if ((tag & 7) != 2) {
                    p = skip(bytes, p, tag & 7);
                    continue;
                }
                int fieldLength = (int) Varints.read(bytes, p);
                p += Varints.encodedLength(bytes, p);
                if (tag >>> 3 == NAME_FIELD) {
                    nameAt = p;
                    nameLength = fieldLength;
                } else if (tag >>> 3 == VALUE_FIELD) {
                    valueAt = p;
                    valueLength = fieldLength;
                }
                p += fieldLength;
            }
        }
    }

    /** The position after a field of this wire type (not length-delimited) whose value starts at {@code at}. */
    private static int skip(byte[] bytes, int at, int wireType) {
        return switch (wireType) {
            case 0 -> at + Varints.encodedLength(bytes, at);
            case 1 -> at + 8;
            case 5 -> at + 4;
            default -> throw new IllegalStateException("corrupt series encoding: wire type " + wireType);
        };
    }

    private static int hash(byte[] bytes, int from, int length) {
        int h = 1;
        for (int i = from; i < from + length; i++) {
            h = 31 * h + bytes[i];
        }
        return h;
    }

    private static int pairSize(Metrics.LabelPair pair) {
        return pairSize(pair.getNameBytes().size(), pair.getValueBytes().size());
    }

    private static int pairSize(int nameLength, int valueLength) {
        return 1 + fieldSize(nameLength) + 1 + fieldSize(valueLength);
    }

    private static int writeField(byte[] bytes, int at, int field, byte[] value) {
        bytes[at++] = (byte) (field << 3 | 2);
        at = Varints.write(bytes, at, value.length);
        System.arraycopy(value, 0, bytes, at, value.length);
        return at + value.length;
    }

    private static int fieldSize(int length) {
        return Varints.size(length) + length;
    }
}
