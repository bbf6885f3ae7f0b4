package io.pushgateway.cluster.store;

import io.prometheus.metrics.expositionformats.generated.Metrics;
import io.pushgateway.cluster.format.SeriesKey;
import io.pushgateway.cluster.format.Varints;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A metric family as a group holds it: labels already sanitised (grouping labels applied,
 * {@code instance} present, sorted), and the time of the push that stored it. Held as its protobuf
 * encoding, which is what the map stores and the protobuf scrape writes; the parsed message is
 * several times larger and is made only when asked for, never kept.
 */
public final class StoredFamily {
    private static final int NAME_FIELD = 1;
    private static final int TYPE_FIELD = 3;
    private static final int METRIC_FIELD = 4;

    // Every node keeps one per family of every group: the type and the series count are read from
    // the encoding when asked for rather than kept, which keeps the object at 32 bytes instead of 40.
    private final String name;
    private final byte[] encoded;
    private final long pushTimeNanos;
    /**
     * Made when first asked for, on the replica's copy only; shared by the index and the scrape
     * cache. One {@code SeriesKey}, or an array of them.
     */
    private volatile Object seriesKeys;

    public StoredFamily(Metrics.MetricFamily family, long pushTimeNanos) {
        this(family.getName(), family.toByteArray(), pushTimeNanos);
    }

    private StoredFamily(String name, byte[] encoded, long pushTimeNanos) {
        // Names repeat across groups: one String per name instead of one per group (and GC-able).
        this.name = name.intern();
        this.encoded = encoded;
        this.pushTimeNanos = pushTimeNanos;
    }

    /** A family from its encoding, with the name the encoding holds. */
    public static StoredFamily fromEncoded(String name, byte[] encoded, long pushTimeNanos) {
        return new StoredFamily(name, encoded, pushTimeNanos);
    }

    /** A family from its encoding alone, the name read from the encoding's {@code name} field. */
    public static StoredFamily fromEncoded(byte[] encoded, long pushTimeNanos) {
        return new StoredFamily(nameOf(encoded), encoded, pushTimeNanos);
    }

    /** The {@code name} field (number 1) of an encoded family, read without parsing; "" if absent, as protobuf reads it. */
    private static String nameOf(byte[] encoded) {
        int at = 0;
        while (at < encoded.length) {
            int tag = (int) Varints.read(encoded, at);
            at += Varints.encodedLength(encoded, at);
            if (tag == (NAME_FIELD << 3 | 2)) {
                int length = (int) Varints.read(encoded, at);
                return new String(encoded, at + Varints.encodedLength(encoded, at), length, StandardCharsets.UTF_8);
            }
            at = valueEnd(encoded, at, tag);
        }
        return "";
    }

    /** The series of an encoded family: its {@code metric} fields (number 4), counted without parsing. */
    private static int countSeries(byte[] encoded) {
        int count = 0;
        int at = 0;
        while (at < encoded.length) {
            int tag = (int) Varints.read(encoded, at);
            at += Varints.encodedLength(encoded, at);
            if (tag == (METRIC_FIELD << 3 | 2)) {
                count++;
            }
            at = valueEnd(encoded, at, tag);
        }
        return count;
    }

    /** Where the value of a field with this tag, starting at {@code at}, ends. */
    private static int valueEnd(byte[] encoded, int at, int tag) {
        return switch (tag & 7) {
            case 0 -> at + Varints.encodedLength(encoded, at);
            case 1 -> at + 8;
            case 5 -> at + 4;
            case 2 -> at + Varints.encodedLength(encoded, at) + (int) Varints.read(encoded, at);
            default -> throw new IllegalStateException("corrupt stored family: wire type " + (tag & 7));
        };
    }

    public String name() {
        return name;
    }

    public Metrics.MetricType type() {
        int at = 0;
        while (at < encoded.length) {
            int tag = (int) Varints.read(encoded, at);
            at += Varints.encodedLength(encoded, at);
            if (tag == TYPE_FIELD << 3) {
                Metrics.MetricType type = Metrics.MetricType.forNumber((int) Varints.read(encoded, at));
                return type == null ? Metrics.MetricType.COUNTER : type; // as the parsed message reads an unknown one
            }
            if (tag >>> 3 > TYPE_FIELD || (tag & 7) != 2) {
                break; // past where an encoding in field order holds the type
            }
            at = valueEnd(encoded, at, tag);
        }
        // Protobuf leaves out the default value.
        return Metrics.MetricType.COUNTER;
    }

    /** The family's protobuf encoding; not to be modified. */
    public byte[] encoded() {
        return encoded;
    }

    public long pushTimeNanos() {
        return pushTimeNanos;
    }

    /** How many series the family holds. */
    public int seriesCount() {
        Object kept = seriesKeys;
        if (kept != null) {
            return kept instanceof SeriesKey ? 1 : ((SeriesKey[]) kept).length;
        }
        return countSeries(encoded);
    }

    /** The label sets of the family's series, in order; not to be modified (may be a new array each call). */
    public SeriesKey[] seriesKeys() {
        Object kept = seriesKeys;
        if (kept == null) {
            SeriesKey[] keys = SeriesKey.ofFamily(encoded);
            // Most families hold one series: the key alone is smaller than an array of one.
            seriesKeys = keys.length == 1 ? keys[0] : keys;
            return keys;
        }
        return kept instanceof SeriesKey key ? new SeriesKey[] {key} : (SeriesKey[]) kept;
    }

    /** The family parsed anew from its encoding. */
    public Metrics.MetricFamily family() {
        try {
            return Metrics.MetricFamily.parseFrom(encoded);
        } catch (IOException e) {
            // Encoded here from a valid message; unreadable bytes mean a broken member.
            throw new IllegalStateException("corrupt stored family " + name, e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StoredFamily other
                && pushTimeNanos == other.pushTimeNanos
                && name.equals(other.name)
                && Arrays.equals(encoded, other.encoded);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(encoded);
    }

    @Override
    public String toString() {
        return "StoredFamily[" + name + " " + type() + ", " + encoded.length + " bytes]";
    }
}
