package io.pushgateway.cluster.scrape;

import io.pushgateway.cluster.format.Varints;

/**
 * Finds the {@code metric} fields (number 4) in the protobuf encoding of a {@code MetricFamily}:
 * where each one's message starts and how long it is, so a scrape can copy series as bytes.
 */
final class MetricSpans {
    private static final int METRIC_FIELD = 4;
    private static final int VARINT = 0;
    private static final int FIXED64 = 1;
    private static final int LENGTH_DELIMITED = 2;
    private static final int FIXED32 = 5;

    private MetricSpans() {}

    /** Offset and length of each metric message, in order: {@code [offset0, length0, offset1, ...]}. */
    static int[] of(byte[] encoded, int metrics) {
        int[] spans = new int[2 * metrics];
        int found = 0;
        int at = 0;
        while (at < encoded.length) {
            long tag = Varints.read(encoded, at);
            at += Varints.encodedLength(encoded, at);
            int field = (int) (tag >>> 3);
            switch ((int) (tag & 7)) {
                case VARINT -> at += Varints.encodedLength(encoded, at);
                case FIXED64 -> at += 8;
                case FIXED32 -> at += 4;
                case LENGTH_DELIMITED -> {
                    int length = (int) Varints.read(encoded, at);
                    at += Varints.encodedLength(encoded, at);
                    if (field == METRIC_FIELD) {
                        spans[2 * found] = at;
                        spans[2 * found + 1] = length;
                        found++;
                    }
                    at += length;
                }
                default -> throw new IllegalStateException("unexpected wire type in a stored family: " + (tag & 7));
            }
        }
        if (found != metrics) {
            throw new IllegalStateException("stored family holds " + found + " metrics, expected " + metrics);
        }
        return spans;
    }
}
