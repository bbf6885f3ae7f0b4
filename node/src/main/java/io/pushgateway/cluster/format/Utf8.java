package io.pushgateway.cluster.format;

/**
 * UTF-8 decoding with Go's rules ({@code unicode/utf8}): overlong forms, surrogates and code
 * points above U+10FFFF are invalid, and an invalid sequence counts as a single byte. The parser
 * needs this to reject label values exactly where Go's {@code utf8.ValidString} does, and error
 * messages need it to quote bytes the way Go's {@code %q} does.
 */
final class Utf8 {
    /** Returned by {@link #decode} for an invalid sequence; its width is 1. */
    static final int RUNE_ERROR = 0xFFFD;

    private Utf8() {}

    static boolean isValid(byte[] b, int from, int to) {
        int i = from;
        while (i < to) {
            if (b[i] >= 0) {
                i++;
                continue;
            }
            long r = decode(b, i, to);
            if (width(r) == 1) {
                return false; // a multi-byte lead that did not decode is always an error
            }
            i += width(r);
        }
        return true;
    }

    /**
     * Decodes the rune starting at {@code b[i]}; returns {@code rune << 8 | width}. Invalid input
     * gives {@link #RUNE_ERROR} with width 1, like Go's {@code utf8.DecodeRune}.
     */
    static long decode(byte[] b, int i, int to) {
        int b0 = b[i] & 0xFF;
        if (b0 < 0x80) {
            return (long) b0 << 8 | 1;
        }
        int n;
        int lo = 0x80;
        int hi = 0xBF;
        int rune;
        if (b0 >= 0xC2 && b0 <= 0xDF) {
            n = 2;
            rune = b0 & 0x1F;
        } else if (b0 >= 0xE0 && b0 <= 0xEF) {
            n = 3;
            rune = b0 & 0x0F;
            if (b0 == 0xE0) {
                lo = 0xA0; // overlong
            } else if (b0 == 0xED) {
                hi = 0x9F; // surrogates
            }
        } else if (b0 >= 0xF0 && b0 <= 0xF4) {
            n = 4;
            rune = b0 & 0x07;
            if (b0 == 0xF0) {
                lo = 0x90; // overlong
            } else if (b0 == 0xF4) {
                hi = 0x8F; // above U+10FFFF
            }
        } else {
            return (long) RUNE_ERROR << 8 | 1;
        }
        if (i + n > to) {
            return (long) RUNE_ERROR << 8 | 1;
        }
        for (int k = 1; k < n; k++) {
            int c = b[i + k] & 0xFF;
            if (c < lo || c > hi) {
                return (long) RUNE_ERROR << 8 | 1;
            }
            lo = 0x80;
            hi = 0xBF;
            rune = rune << 6 | (c & 0x3F);
        }
        return (long) rune << 8 | n;
    }

    static int rune(long decoded) {
        return (int) (decoded >>> 8);
    }

    static int width(long decoded) {
        return (int) (decoded & 0xFF);
    }
}
