package io.pushgateway.cluster.format;

import java.nio.charset.StandardCharsets;

/**
 * Float64 to text exactly as the Go Pushgateway prints it: {@code strconv.FormatFloat(v, 'g', -1,
 * 64)}, i.e. the shortest digits that round-trip, in scientific form iff the decimal exponent x of
 * the first digit is {@code x < -4 || x >= 6} (Go fixes the threshold at 6 for the shortest
 * precision; 1234567 prints as {@code 1.234567e+06}). The text format additionally prints both
 * zeros as {@code 0} (expfmt's writeFloat short-cuts {@code f == 0}), while the JSON API's
 * {@code fmt.Sprint} keeps {@code -0}.
 */
public final class GoFloat {
    /** Longest output: {@code -1.2345678901234567e-308}. */
    static final int MAX_LENGTH = 24;

    private GoFloat() {}

    /** As the text exposition format writes a sample or {@code le}/{@code quantile} value. */
    public static String format(double v) {
        byte[] buf = new byte[MAX_LENGTH];
        int n = write(v, buf, 0);
        return new String(buf, 0, n, StandardCharsets.ISO_8859_1);
    }

    /** As {@code fmt.Sprint} writes it for the JSON API: like {@link #format} but {@code -0}. */
    public static String formatJson(double v) {
        if (v == 0 && Double.doubleToRawLongBits(v) != 0) {
            return "-0";
        }
        return format(v);
    }

    /**
     * Writes {@link #format}'s text into {@code dst} at {@code pos}, which must have room for
     * {@link #MAX_LENGTH} bytes; returns the position after the last byte written.
     */
    static int write(double v, byte[] dst, int pos) {
        if (v == 0) {
            dst[pos] = '0';
            return pos + 1;
        }
        if (Double.isNaN(v)) {
            return ascii("NaN", dst, pos);
        }
        if (Double.isInfinite(v)) {
            return ascii(v > 0 ? "+Inf" : "-Inf", dst, pos);
        }
        // Integers below 10^6 print as themselves; this covers most counters and all bucket counts
        // a pushed histogram typically has, without running Ryū.
        if (v > -1e6 && v < 1e6 && v == (long) v) {
            return integer((long) v, dst, pos);
        }
        if (v < 0) {
            dst[pos++] = '-';
            v = -v;
        }
        ShortestDigits digits = ShortestDigits.of(v);
        int exp = digits.dp - 1;
        if (exp < -4 || exp >= 6) {
            return scientific(digits, exp, dst, pos);
        }
        return plain(digits, dst, pos);
    }

    /** Go's fmtE with prec = nd - 1: {@code d[.ddd]e±XX}. */
    private static int scientific(ShortestDigits digits, int exp, byte[] dst, int pos) {
        dst[pos++] = digits.digit(0);
        if (digits.nd > 1) {
            dst[pos++] = '.';
            for (int i = 1; i < digits.nd; i++) {
                dst[pos++] = digits.digit(i);
            }
        }
        dst[pos++] = 'e';
        if (exp < 0) {
            dst[pos++] = '-';
            exp = -exp;
        } else {
            dst[pos++] = '+';
        }
        if (exp >= 100) {
            dst[pos++] = (byte) ('0' + exp / 100);
        }
        dst[pos++] = (byte) ('0' + exp / 10 % 10);
        dst[pos++] = (byte) ('0' + exp % 10);
        return pos;
    }

    /** Go's fmtF with prec = max(nd - dp, 0). */
    private static int plain(ShortestDigits digits, byte[] dst, int pos) {
        int nd = digits.nd;
        int dp = digits.dp;
        if (dp > 0) {
            int m = Math.min(nd, dp);
            for (int i = 0; i < m; i++) {
                dst[pos++] = digits.digit(i);
            }
            for (; m < dp; m++) {
                dst[pos++] = '0';
            }
        } else {
            dst[pos++] = '0';
        }
        int prec = Math.max(nd - dp, 0);
        if (prec > 0) {
            dst[pos++] = '.';
            for (int i = 1; i <= prec; i++) {
                int j = dp + i - 1;
                dst[pos++] = j >= 0 && j < nd ? digits.digit(j) : (byte) '0';
            }
        }
        return pos;
    }

    private static int integer(long v, byte[] dst, int pos) {
        if (v < 0) {
            dst[pos++] = '-';
            v = -v;
        }
        int len = v >= 100_000 ? 6 : v >= 10_000 ? 5 : v >= 1_000 ? 4 : v >= 100 ? 3 : v >= 10 ? 2 : 1;
        for (int i = pos + len - 1; i >= pos; i--) {
            dst[i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        return pos + len;
    }

    private static int ascii(String s, byte[] dst, int pos) {
        for (int i = 0; i < s.length(); i++) {
            dst[pos++] = (byte) s.charAt(i);
        }
        return pos;
    }
}
