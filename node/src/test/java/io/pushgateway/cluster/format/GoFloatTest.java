package io.pushgateway.cluster.format;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class GoFloatTest {

    /** COMPATIBILITY.md §6.4 (observed on 1.5.1), and Go's own strconv behaviour at the edges. */
    static Stream<Arguments> table() {
        return Stream.of(
                Arguments.of(100000d, "100000"),
                Arguments.of(123456d, "123456"),
                Arguments.of(1000000d, "1e+06"),
                Arguments.of(1234567d, "1.234567e+06"),
                Arguments.of(123456789012345678d, "1.2345678901234568e+17"),
                Arguments.of(1e20, "1e+20"),
                Arguments.of(1e21, "1e+21"),
                Arguments.of(0.0001, "0.0001"),
                Arguments.of(0.00001, "1e-05"),
                Arguments.of(1.5e-7, "1.5e-07"),
                Arguments.of(12345.678, "12345.678"),
                Arguments.of(1.0, "1"),
                Arguments.of(20d, "20"),
                Arguments.of(1.7952543073579657e9, "1.7952543073579657e+09"),
                Arguments.of(3.14, "3.14"),
                Arguments.of(-1.0, "-1"),
                Arguments.of(0.0, "0"),
                Arguments.of(-0.0, "0"),
                Arguments.of(Double.NaN, "NaN"),
                Arguments.of(Double.POSITIVE_INFINITY, "+Inf"),
                Arguments.of(Double.NEGATIVE_INFINITY, "-Inf"),
                Arguments.of(999999d, "999999"),
                Arguments.of(999999.5, "999999.5"),
                Arguments.of(-123456d, "-123456"),
                Arguments.of(-1.5e-7, "-1.5e-07"),
                Arguments.of(0.5, "0.5"),
                Arguments.of(-0.5, "-0.5"),
                Arguments.of(0.1, "0.1"),
                Arguments.of(0.3, "0.3"),
                Arguments.of(0.1 + 0.2, "0.30000000000000004"),
                Arguments.of(0.00009999, "9.999e-05"),
                Arguments.of(1e100, "1e+100"),
                Arguments.of(1e-100, "1e-100"),
                Arguments.of(1e23, "1e+23"), // JDK 17's Double.toString says 9.999999999999999E22
                Arguments.of(2e-3, "0.002"),
                Arguments.of(9.223372036854776e18, "9.223372036854776e+18"),
                Arguments.of(Double.MIN_VALUE, "5e-324"),
                Arguments.of(Double.MAX_VALUE, "1.7976931348623157e+308"),
                Arguments.of(Double.MIN_NORMAL, "2.2250738585072014e-308"),
                Arguments.of(9007199254740993d, "9.007199254740992e+15"),
                Arguments.of(123e-300, "1.23e-298"),
                Arguments.of(5e-7, "5e-07"),
                Arguments.of(1e-7, "1e-07"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("table")
    void formatsLikeGo(double v, String expected) {
        assertEquals(expected, GoFloat.format(v));
    }

    @Test
    void jsonKeepsNegativeZero() {
        assertEquals("-0", GoFloat.formatJson(-0.0));
        assertEquals("0", GoFloat.formatJson(0.0));
        assertEquals("1e+06", GoFloat.formatJson(1e6));
        assertEquals("NaN", GoFloat.formatJson(Double.NaN));
        assertEquals("-Inf", GoFloat.formatJson(Double.NEGATIVE_INFINITY));
        assertEquals("-1.5", GoFloat.formatJson(-1.5));
    }

    /** Rows of Go's detailedPowersOfTen (src/strconv/eisel_lemire.go), which the table is built to equal. */
    @Test
    void powersOfTenTableMatchesGo() {
        assertArrayEquals(new long[] {0x1732C869CD60E453L, 0xFA8FD5A0081C0288L}, ShortestDigits.pow10Row(-348));
        assertArrayEquals(new long[] {0, 0x8000000000000000L}, ShortestDigits.pow10Row(0));
        assertArrayEquals(new long[] {0, 0xA000000000000000L}, ShortestDigits.pow10Row(1));
        assertArrayEquals(new long[] {0xCCCCCCCCCCCCCCCCL, 0xCCCCCCCCCCCCCCCCL}, ShortestDigits.pow10Row(-1));
        assertEquals(0xE596B7B0C643C719L, ShortestDigits.pow10Row(43)[1]); // Go's comment: 1e43
    }

    @Test
    void randomBitPatternsAreShortestAndRoundTrip() {
        SplittableRandom random = new SplittableRandom(20240601);
        for (int i = 0; i < 40_000; i++) {
            double v = Double.longBitsToDouble(random.nextLong());
            if (Double.isNaN(v) || Double.isInfinite(v)) {
                continue;
            }
            check(v);
        }
    }

    @Test
    void randomShortDecimalsAreShortestAndRoundTrip() {
        // Values people push: few digits, moderate exponents, near the layout thresholds.
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 50_000; i++) {
            long digits = random.nextLong(1, 10_000_000);
            int exponent = random.nextInt(-12, 12);
            double v = Double.parseDouble(digits + "e" + exponent);
            check(random.nextBoolean() ? v : -v);
        }
    }

    @Test
    void subnormalsAndPowersOfTwo() {
        for (int e = -1074; e <= 1023; e++) {
            check(Math.scalb(1.0, e));
            check(Math.nextUp(Math.scalb(1.0, e)));
            check(Math.nextDown(Math.scalb(1.0, e)));
        }
        for (long bits = 1; bits < 5000; bits++) {
            check(Double.longBitsToDouble(bits));
        }
    }

    @Test
    void integersAroundTheFastPath() {
        for (long n = -2_000_000; n <= 2_000_000; n += 997) {
            check(n);
        }
        check(999_999);
        check(1_000_000);
        check(-999_999);
        check(-1_000_000);
    }

    private static void check(double v) {
        if (v == 0) {
            return;
        }
        String got = GoFloat.format(v);
        assertEquals(
                reference(v),
                got,
                () -> "for " + v + " (bits " + Long.toHexString(Double.doubleToRawLongBits(v)) + ")");
        assertEquals(v, Double.parseDouble(got), () -> got + " does not round-trip");
    }

    /**
     * An independent reference: the shortest decimal that parses back to v (the nearer one when both
     * neighbours at that length do, the even one on a tie), laid out by Go's %g rule with threshold 6.
     */
    static String reference(double v) {
        BigDecimal exact = new BigDecimal(Math.abs(v));
        BigDecimal shortest = null;
        for (int p = 1; p <= 17 && shortest == null; p++) {
            BigDecimal down = exact.round(new MathContext(p, RoundingMode.FLOOR));
            BigDecimal up = exact.round(new MathContext(p, RoundingMode.CEILING));
            boolean downOk = Double.parseDouble(down.toString()) == Math.abs(v);
            boolean upOk = Double.parseDouble(up.toString()) == Math.abs(v);
            if (downOk && upOk) {
                int c = exact.subtract(down).compareTo(up.subtract(exact));
                shortest = c < 0 ? down : c > 0 ? up : down.unscaledValue().testBit(0) ? up : down;
            } else if (downOk) {
                shortest = down;
            } else if (upOk) {
                shortest = up;
            }
        }
        shortest = shortest.stripTrailingZeros();
        String digits = shortest.unscaledValue().toString();
        int exponent = digits.length() - 1 - shortest.scale(); // of the first digit
        StringBuilder sb = new StringBuilder(v < 0 ? "-" : "");
        if (exponent < -4 || exponent >= 6) {
            sb.append(digits.charAt(0));
            if (digits.length() > 1) {
                sb.append('.').append(digits, 1, digits.length());
            }
            sb.append('e').append(exponent < 0 ? '-' : '+');
            int abs = Math.abs(exponent);
            sb.append(abs < 10 ? "0" : "").append(abs);
        } else {
            sb.append(shortest.toPlainString());
        }
        return sb.toString();
    }
}
