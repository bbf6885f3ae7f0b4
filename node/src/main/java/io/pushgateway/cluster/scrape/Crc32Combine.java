package io.pushgateway.cluster.scrape;

/**
 * The CRC-32 of two concatenated byte runs from their own CRCs and the second one's length, as
 * zlib's {@code crc32_combine} computes it (multiplication modulo the CRC polynomial by x to the
 * power of eight times the length), so that cached segments need not be read again to checksum a
 * scrape.
 */
final class Crc32Combine {
    /** The CRC-32 polynomial, reflected. */
    private static final int POLY = 0xedb88320;
    /** x^(2^n) modulo the polynomial, for n = 0..31. */
    private static final int[] X2N = new int[32];

    static {
        int p = 1 << 30; // x^1
        for (int n = 0; n < 32; n++) {
            X2N[n] = p;
            p = multiply(p, p);
        }
    }

    private Crc32Combine() {}

    /** The CRC-32 of A followed by B, given the CRC of A, the CRC of B and B's length. */
    static int combine(int crcA, int crcB, long lengthB) {
        return multiply(xPower8n(lengthB), crcA) ^ crcB;
    }

    /** a times b modulo the polynomial, both reflected. */
    private static int multiply(int a, int b) {
        int m = 1 << 31;
        int p = 0;
        while (true) {
            if ((a & m) != 0) {
                p ^= b;
                if ((a & (m - 1)) == 0) {
                    break;
                }
            }
            m >>>= 1;
            b = (b & 1) != 0 ? (b >>> 1) ^ POLY : b >>> 1;
        }
        return p;
    }

    /** x^(8n) modulo the polynomial. */
    private static int xPower8n(long n) {
        int p = 1 << 31; // x^0
        int k = 3;
        while (n != 0) {
            if ((n & 1) != 0) {
                p = multiply(X2N[k & 31], p);
            }
            n >>>= 1;
            k++;
        }
        return p;
    }
}
