package io.pushgateway.cluster.format;

import java.io.ByteArrayOutputStream;

/** Protobuf's base-128 varints, for the few places that read or write encodings byte by byte. */
public final class Varints {
    private Varints() {}

    /** How many bytes {@code value} takes (non-negative values). */
    public static int size(int value) {
        int size = 1;
        while ((value & ~0x7F) != 0) {
            value >>>= 7;
            size++;
        }
        return size;
    }

    /** Writes {@code value} at {@code at}; returns the position after it. */
    public static int write(byte[] out, int at, int value) {
        while ((value & ~0x7F) != 0) {
            out[at++] = (byte) ((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        out[at++] = (byte) value;
        return at;
    }

    public static void write(ByteArrayOutputStream out, int value) {
        while ((value & ~0x7F) != 0) {
            out.write((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        out.write(value);
    }

    /** The varint that starts at {@code at}. */
    public static long read(byte[] in, int at) {
        long value = 0;
        for (int shift = 0; ; shift += 7) {
            byte b = in[at++];
            value |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return value;
            }
        }
    }

    /** How many bytes the varint that starts at {@code at} takes. */
    public static int encodedLength(byte[] in, int at) {
        int size = 1;
        while (in[at++] < 0) {
            size++;
        }
        return size;
    }
}
