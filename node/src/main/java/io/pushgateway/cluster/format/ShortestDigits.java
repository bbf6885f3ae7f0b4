package io.pushgateway.cluster.format;

import java.math.BigInteger;

/**
 * The shortest decimal digits that round-trip a float64: a port of Go's {@code
 * strconv.ryuFtoaShortest} (Ryū, src/strconv/ftoaryu.go), kept structurally close to the Go code so
 * that ties and boundary cases come out exactly as the Go Pushgateway prints them. JDK 17's
 * {@code Double.toString} is not usable here: it sometimes emits more digits than needed.
 *
 * <p>The result is {@code 0.d[0]d[1]...d[nd-1] × 10^dp}, like Go's {@code decimalSlice}.
 */
final class ShortestDigits {
    private static final int POW10_MIN_EXP10 = -348;
    private static final int POW10_MAX_EXP10 = 347;
    /** Go's detailedPowersOfTen: 128-bit mantissas of 10^q rounded down, as {lo, hi} pairs. */
    private static final long[] POW10_LO;

    private static final long[] POW10_HI;
    private static final byte[] SMALLS = new byte[200];

    static {
        int n = POW10_MAX_EXP10 - POW10_MIN_EXP10 + 1;
        POW10_LO = new long[n];
        POW10_HI = new long[n];
        BigInteger mask64 = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
        for (int q = POW10_MIN_EXP10; q <= POW10_MAX_EXP10; q++) {
            BigInteger m;
            if (q >= 0) {
                BigInteger p = BigInteger.valueOf(5).pow(q);
                int shift = 128 - p.bitLength();
                m = shift >= 0 ? p.shiftLeft(shift) : p.shiftRight(-shift);
            } else {
                BigInteger p = BigInteger.valueOf(5).pow(-q);
                m = BigInteger.ONE.shiftLeft(p.bitLength() + 127).divide(p);
            }
            POW10_LO[q - POW10_MIN_EXP10] = m.and(mask64).longValue();
            POW10_HI[q - POW10_MIN_EXP10] = m.shiftRight(64).longValue();
        }
        for (int i = 0; i < 100; i++) {
            SMALLS[2 * i] = (byte) ('0' + i / 10);
            SMALLS[2 * i + 1] = (byte) ('0' + i % 10);
        }
    }

    /** Digits live in {@code d[off, off + nd)}. */
    final byte[] d = new byte[32];

    int off;
    int nd;
    int dp;

    /** Computes the digits of a finite, non-negative double. */
    static ShortestDigits of(double v) {
        long bits = Double.doubleToRawLongBits(v);
        int exp = (int) (bits >>> 52) & 0x7FF;
        long mant = bits & ((1L << 52) - 1);
        if (exp == 0) {
            exp++; // denormal
        } else {
            mant |= 1L << 52;
        }
        exp += -1023;
        ShortestDigits s = new ShortestDigits();
        s.ryuFtoaShortest(mant, exp - 52);
        return s;
    }

    /** Test hook: the 128-bit table row for 10^q as {lo, hi}. */
    static long[] pow10Row(int q) {
        return new long[] {POW10_LO[q - POW10_MIN_EXP10], POW10_HI[q - POW10_MIN_EXP10]};
    }

    byte digit(int i) {
        return d[off + i];
    }

    private void ryuFtoaShortest(long mant, int exp) {
        if (mant == 0) {
            nd = 0;
            dp = 0;
            return;
        }
        // An exact integer with fewer bits than the mantissa: the neighbouring integers are not
        // admissible representations.
        if (exp <= 0 && Long.numberOfTrailingZeros(mant) >= -exp) {
            mant >>>= -exp;
            ryuDigits(mant, mant, mant, true, false);
            return;
        }
        long ml;
        long mc;
        long mu;
        int e2;
        if (mant != 1L << 52 || exp == -1074) { // regular case (or denormals)
            ml = 2 * mant - 1;
            mc = 2 * mant;
            mu = 2 * mant + 1;
            e2 = exp - 1;
        } else { // border of an exponent
            ml = 4 * mant - 1;
            mc = 4 * mant;
            mu = 4 * mant + 2;
            e2 = exp - 2;
        }
        if (e2 == 0) {
            ryuDigits(ml, mc, mu, true, false);
            return;
        }
        // Find 10^q larger than 2^-e2.
        int q = mulByLog2Log10(-e2) + 1;

        long[] r = new long[2];
        boolean dl0 = mult128bitPow10(ml, e2, q, r);
        long dl = r[0];
        boolean dc0 = mult128bitPow10(mc, e2, q, r);
        long dc = r[0];
        boolean du0 = mult128bitPow10(mu, e2, q, r);
        long du = r[0];
        e2 = (int) r[1];
        if (e2 >= 0) {
            throw new IllegalStateException("not enough significant bits after mult128bitPow10");
        }
        if (q > 55) { // large positive powers of ten are not exact
            dl0 = false;
            dc0 = false;
            du0 = false;
        }
        if (q < 0 && q >= -24) { // division by a power of ten may be exact
            dl0 |= divisibleByPower5(ml, -q);
            dc0 |= divisibleByPower5(mc, -q);
            du0 |= divisibleByPower5(mu, -q);
        }
        int extra = -e2;
        long extraMask = (1L << extra) - 1;
        long fracl = dl & extraMask;
        dl >>>= extra;
        long fracc = dc & extraMask;
        dc >>>= extra;
        long fracu = du & extraMask;
        du >>>= extra;
        // Is 'du' allowed as a result? Always when truncated; when exact only for an even mantissa.
        boolean uok = !du0 || fracu > 0;
        if (du0 && fracu == 0) {
            uok = (mant & 1) == 0;
        }
        if (!uok) {
            du--;
        }
        // Is 'dc' the correctly rounded base-10 mantissa, or is it dc+1?
        long half = 1L << (extra - 1);
        boolean cup;
        if (dc0) {
            cup = fracc > half || (fracc == half && (dc & 1) == 1);
        } else {
            cup = fracc >>> (extra - 1) == 1;
        }
        // 'dl' is allowed only if exact and the binary mantissa is even.
        boolean lok = dl0 && fracl == 0 && (mant & 1) == 0;
        if (!lok) {
            dl++;
        }
        boolean c0 = dc0 && fracc == 0;
        ryuDigits(dl, dc, du, c0, cup);
        dp -= q;
    }

    private void ryuDigits(long lower, long central, long upper, boolean c0, boolean cup) {
        long lhi = lower / 1_000_000_000L;
        long llo = lower % 1_000_000_000L;
        long chi = central / 1_000_000_000L;
        long clo = central % 1_000_000_000L;
        long uhi = upper / 1_000_000_000L;
        long ulo = upper % 1_000_000_000L;
        if (uhi == 0) { // only low digits (denormals)
            ryuDigits32(llo, clo, ulo, c0, cup, 8);
        } else if (lhi < uhi) { // truncate 9 digits at once
            if (llo != 0) {
                lhi++;
            }
            c0 = c0 && clo == 0;
            cup = clo > 500_000_000L || (clo == 500_000_000L && cup);
            ryuDigits32(lhi, chi, uhi, c0, cup, 8);
            dp += 9;
        } else {
            nd = 0;
            int n = 9;
            for (long v = chi; v > 0; ) {
                long v1 = v / 10;
                long v2 = v % 10;
                v = v1;
                n--;
                d[n] = (byte) (v2 + '0');
            }
            off = n;
            nd = 9 - n;
            ryuDigits32(llo, clo, ulo, c0, cup, nd + 8);
        }
        while (nd > 0 && d[off + nd - 1] == '0') { // trim trailing zeros
            nd--;
        }
        while (nd > 0 && d[off] == '0') { // trim leading zeros
            nd--;
            dp--;
            off++;
        }
    }

    private void ryuDigits32(long lower, long central, long upper, boolean c0, boolean cup, int endindex) {
        if (upper == 0) {
            dp = endindex + 1;
            return;
        }
        int trimmed = 0;
        long cNextDigit = 0; // last trimmed digit, to decide on rounding up
        while (upper > 0) {
            // l = ceil(lower / 10), c = round(central / 10), u = floor(upper / 10); stop when c
            // would leave the (l, u) interval.
            long l = (lower + 9) / 10;
            long c = central / 10;
            long cdigit = central % 10;
            long u = upper / 10;
            if (l > u) {
                break;
            }
            // Central is very close to, but below, an integer ending in many zeros.
            if (l == c + 1 && c < u) {
                c++;
                cdigit = 0;
                cup = false;
            }
            trimmed++;
            c0 = c0 && cNextDigit == 0;
            cNextDigit = cdigit;
            lower = l;
            central = c;
            upper = u;
        }
        if (trimmed > 0) {
            cup = cNextDigit > 5 || (cNextDigit == 5 && !c0) || (cNextDigit == 5 && c0 && (central & 1) == 1);
        }
        if (central < upper && cup) {
            central++;
        }
        endindex -= trimmed;
        long v = central;
        int n = endindex;
        while (n > nd) {
            int v2 = (int) (v % 100);
            v /= 100;
            d[off + n] = SMALLS[2 * v2 + 1];
            d[off + n - 1] = SMALLS[2 * v2];
            n -= 2;
        }
        if (n == nd) {
            d[off + n] = (byte) (v + '0');
        }
        nd = endindex + 1;
        dp = nd + trimmed;
    }

    /**
     * m × 2^e2 × 10^q using the 128-bit table; stores the mantissa in r[0] and the new binary
     * exponent in r[1]; returns whether all truncated bits were zero.
     */
    private static boolean mult128bitPow10(long m, int e2, int q, long[] r) {
        if (q == 0) {
            r[0] = m << 8;
            r[1] = e2 - 8;
            return true;
        }
        long lo = POW10_LO[q - POW10_MIN_EXP10];
        long hi = POW10_HI[q - POW10_MIN_EXP10];
        if (q < 0) {
            lo += 1; // inverse powers of ten must be rounded up (Go adds to the low word only)
        }
        e2 += mulByLog10Log2(q) - 127 + 119;
        long l1 = unsignedMultiplyHigh(m, lo);
        long l0 = m * lo;
        long h1 = unsignedMultiplyHigh(m, hi);
        long h0 = m * hi;
        long mid = l1 + h0;
        if (Long.compareUnsigned(mid, l1) < 0) {
            h1++;
        }
        r[0] = h1 << 9 | mid >>> 55;
        r[1] = e2;
        return mid << 9 == 0 && l0 == 0;
    }

    private static long unsignedMultiplyHigh(long a, long b) {
        return Math.multiplyHigh(a, b) + ((a >> 63) & b) + ((b >> 63) & a);
    }

    private static boolean divisibleByPower5(long m, int k) {
        if (m == 0) {
            return true;
        }
        for (int i = 0; i < k; i++) {
            if (m % 5 != 0) {
                return false;
            }
            m /= 5;
        }
        return true;
    }

    /** floor(x × log10(2)) for -1600 <= x <= 1600. */
    private static int mulByLog2Log10(int x) {
        return (x * 78913) >> 18;
    }

    /** floor(x × log2(10)) for -500 <= x <= 500. */
    private static int mulByLog10Log2(int x) {
        return (x * 108853) >> 15;
    }
}
