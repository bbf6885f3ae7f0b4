package io.pushgateway.cluster.scrape;

import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * A run of bytes compressed once as raw deflate and ended with a sync flush, so that segments can be
 * concatenated in any order into one deflate stream: a gzip scrape is a header, the segments of its
 * families and a trailer, and an unchanged family is never compressed again.
 *
 * @param deflated the raw deflate blocks, ending on a byte boundary, none of them final
 * @param crc the CRC-32 of the uncompressed bytes
 * @param length the number of uncompressed bytes
 */
public record DeflatedSegment(byte[] deflated, int crc, int length) {
    /**
     * Fast rather than small: a family changed by pushes is compressed again at its next scrape,
     * and the text of a family is repetitive enough to shrink well at this level too.
     */
    private static final int LEVEL = Deflater.BEST_SPEED;
    /** One compressor per thread that compresses (scrapes run on worker threads); zlib state is large. */
    private static final ThreadLocal<Deflater> DEFLATERS = ThreadLocal.withInitial(() -> new Deflater(LEVEL, true));

    static final DeflatedSegment EMPTY = new DeflatedSegment(new byte[0], 0, 0);

    /** Compresses {@code bytes}; the result decodes to exactly them wherever it is placed in a stream. */
    public static DeflatedSegment of(byte[] bytes) {
        if (bytes.length == 0) {
            return EMPTY;
        }
        Deflater deflater = DEFLATERS.get();
        deflater.reset();
        deflater.setInput(bytes);
        byte[] out = new byte[Math.max(64, bytes.length / 4)];
        int size = 0;
        while (true) {
            size += deflater.deflate(out, size, out.length - size, Deflater.SYNC_FLUSH);
            if (size < out.length) {
                break;
            }
            // A full buffer may hide more output; only a flush that leaves room is complete.
            out = java.util.Arrays.copyOf(out, out.length * 2);
        }
        CRC32 crc = new CRC32();
        crc.update(bytes);
        return new DeflatedSegment(java.util.Arrays.copyOf(out, size), (int) crc.getValue(), bytes.length);
    }
}
