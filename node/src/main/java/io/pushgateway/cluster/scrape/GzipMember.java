package io.pushgateway.cluster.scrape;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * One gzip member assembled from {@link DeflatedSegment}s without compressing anything: the fixed
 * ten-byte header, the segments as they are, a final empty block, and the trailer whose CRC-32 is
 * combined from the segments' CRCs as zlib's {@code crc32_combine} does.
 */
final class GzipMember {
    /** Magic, deflate, no flags, no modification time, no extra flags, OS unknown (RFC 1952). */
    private static final byte[] HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff};
    /** A final fixed-Huffman block holding only its end code: BFINAL=1, BTYPE=01, then seven zero bits. */
    private static final byte[] FINAL_EMPTY_BLOCK = {0x03, 0x00};

    private final List<byte[]> parts = new ArrayList<>();
    /** Bytes rendered for this scrape only, compressed together as one segment when a cached one follows. */
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

    private int crc;
    private long length;

    GzipMember() {
        parts.add(HEADER);
    }

    /**
     * Adds bytes that no later scrape will reuse (the node's own families, escaped names): runs of
     * them are compressed together, which shrinks them better than one small segment each.
     */
    void addFresh(byte[] bytes) {
        pending.writeBytes(bytes);
    }

    void add(DeflatedSegment segment) {
        flushFresh();
        append(segment);
    }

    private void flushFresh() {
        if (pending.size() > 0) {
            append(DeflatedSegment.of(pending.toByteArray()));
            pending.reset();
        }
    }

    private void append(DeflatedSegment segment) {
        if (segment.length() == 0) {
            return;
        }
        parts.add(segment.deflated());
        crc = Crc32Combine.combine(crc, segment.crc(), segment.length());
        length += segment.length();
    }

    /** The member's parts in order; the byte arrays of the segments are shared, not copied. */
    List<byte[]> finish() {
        flushFresh();
        parts.add(FINAL_EMPTY_BLOCK);
        byte[] trailer = new byte[8];
        writeIntLe(trailer, 0, crc);
        writeIntLe(trailer, 4, (int) length);
        parts.add(trailer);
        return parts;
    }

    private static void writeIntLe(byte[] out, int offset, int value) {
        out[offset] = (byte) value;
        out[offset + 1] = (byte) (value >>> 8);
        out[offset + 2] = (byte) (value >>> 16);
        out[offset + 3] = (byte) (value >>> 24);
    }
}
