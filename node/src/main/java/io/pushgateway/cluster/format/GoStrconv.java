package io.pushgateway.cluster.format;

import java.nio.charset.StandardCharsets;

/**
 * Number parsing with the exact acceptance rules of the Go text parser: {@code strconv.ParseFloat}
 * behind the expfmt pre-check that refuses {@code p}, {@code P} and {@code _}, and
 * {@code strconv.ParseInt(s, 10, 64)} for timestamps. Java's own parsers accept more ({@code 1d},
 * {@code 0x10}, surrounding blanks, non-ASCII digits) and must only ever see input that has already
 * passed Go's grammar here.
 */
final class GoStrconv {
    private static final double[] POW10 = {
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19,
        1e20, 1e21, 1e22,
    };

    private GoStrconv() {}

    /**
     * Parses {@code b[from, to)} as a float64 or throws {@link NumberFormatException}. Accepted:
     * decimal floats with optional sign, fraction and exponent ({@code 1}, {@code -.5}, {@code 1.},
     * {@code 1E+05}); {@code inf}/{@code infinity} with optional sign and {@code nan} without,
     * case-insensitive. A finite spelling that overflows is refused, as Go reports ErrRange.
     * Hexadecimal floats are refused: Go needs a {@code p} exponent for them, which expfmt rejects.
     */
    static double parseFloat(byte[] b, int from, int to) {
        if (from >= to) {
            throw new NumberFormatException();
        }
        int i = from;
        boolean negative = false;
        boolean signed = b[i] == '+' || b[i] == '-';
        if (signed) {
            negative = b[i] == '-';
            i++;
        }
        if (i < to && (b[i] | 0x20) == 'i') {
            if (matchesIgnoreCase(b, i, to, "inf") || matchesIgnoreCase(b, i, to, "infinity")) {
                return negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
            }
            throw new NumberFormatException();
        }
        if (!signed && (b[i] | 0x20) == 'n') {
            if (matchesIgnoreCase(b, i, to, "nan")) {
                return Double.NaN;
            }
            throw new NumberFormatException();
        }
        return parseDecimal(b, from, i, to, negative);
    }

    private static double parseDecimal(byte[] b, int from, int i, int to, boolean negative) {
        long mantissa = 0;
        int significant = 0; // digits in mantissa, leading zeros excluded
        int fractionDigits = 0;
        boolean sawDigits = false;
        boolean sawDot = false;
        for (; i < to; i++) {
            int c = b[i];
            if (c == '.') {
                if (sawDot) {
                    throw new NumberFormatException();
                }
                sawDot = true;
            } else if (c >= '0' && c <= '9') {
                sawDigits = true;
                if (sawDot) {
                    fractionDigits++;
                }
                if (significant > 0 || c != '0') {
                    significant++;
                    if (significant <= 18) {
                        mantissa = mantissa * 10 + (c - '0');
                    }
                }
            } else {
                break;
            }
        }
        if (!sawDigits) {
            throw new NumberFormatException();
        }
        int exponent = 0;
        boolean hugeExponent = false;
        if (i < to && (b[i] | 0x20) == 'e') {
            i++;
            boolean negativeExponent = false;
            if (i < to && (b[i] == '+' || b[i] == '-')) {
                negativeExponent = b[i] == '-';
                i++;
            }
            int start = i;
            for (; i < to && b[i] >= '0' && b[i] <= '9'; i++) {
                if (exponent < 100_000) {
                    exponent = exponent * 10 + (b[i] - '0');
                } else {
                    hugeExponent = true;
                }
            }
            if (i == start) {
                throw new NumberFormatException();
            }
            if (negativeExponent) {
                exponent = -exponent;
            }
        }
        if (i != to) {
            throw new NumberFormatException();
        }
        // Clinger's fast path: an exact mantissa times/divided by an exact power of ten is one
        // correctly rounded IEEE operation, so it equals what any correct parser returns.
        int scale = exponent - fractionDigits;
        if (!hugeExponent && significant <= 15) {
            double m = mantissa;
            if (mantissa == 0) {
                return negative ? -0.0 : 0.0;
            }
            if (scale >= 0 && scale <= 22) {
                double v = m * POW10[scale];
                return negative ? -v : v;
            }
            if (scale < 0 && scale >= -22) {
                double v = m / POW10[-scale];
                return negative ? -v : v;
            }
        }
        // The text passed Go's grammar, which is a subset of Java's; both round correctly.
        double v = Double.parseDouble(new String(b, from, to - from, StandardCharsets.ISO_8859_1));
        if (Double.isInfinite(v)) {
            throw new NumberFormatException(); // Go: ErrRange
        }
        return v;
    }

    private static boolean matchesIgnoreCase(byte[] b, int from, int to, String word) {
        if (to - from != word.length()) {
            return false;
        }
        for (int k = 0; k < word.length(); k++) {
            if ((b[from + k] | 0x20) != word.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    /** {@code strconv.ParseInt(s, 10, 64)}: optional sign, at least one ASCII digit, no overflow. */
    static long parseInt(byte[] b, int from, int to) {
        int i = from;
        boolean negative = false;
        if (i < to && (b[i] == '+' || b[i] == '-')) {
            negative = b[i] == '-';
            i++;
        }
        if (i >= to) {
            throw new NumberFormatException();
        }
        // Accumulate negatively so that Long.MIN_VALUE fits.
        long limit = negative ? Long.MIN_VALUE : -Long.MAX_VALUE;
        long acc = 0;
        for (; i < to; i++) {
            int digit = b[i] - '0';
            if (digit < 0 || digit > 9) {
                throw new NumberFormatException();
            }
            if (acc < limit / 10) {
                throw new NumberFormatException();
            }
            acc *= 10;
            if (acc < limit + digit) {
                throw new NumberFormatException();
            }
            acc -= digit;
        }
        return negative ? acc : -acc;
    }
}
