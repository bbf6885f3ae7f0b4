package io.pushgateway.cluster.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prometheus.metrics.expositionformats.generated.Metrics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bodies the Go Pushgateway 1.5.1 accepts or refuses (COMPATIBILITY.md §2.3, §2.4), with the parsed model
 * written in a compact form by {@link #describe} or the exact 400 message.
 */
class TextFormatParserTest {

    static Stream<Arguments> accepted() {
        return Stream.of(
                ok("empty body", "", ""),
                ok("blank lines only", "\n  \n\t\n", ""),
                ok("plain sample, untyped by default", "some_metric 3.14\n", "some_metric UNTYPED | {} untyped=3.14"),
                ok("leading blanks", "   a 1\n", "a UNTYPED | {} untyped=1.0"),
                ok("tab between name and value", "a\t1\n", "a UNTYPED | {} untyped=1.0"),
                ok("blank before brace", "a {l=\"v\"} 1\n", "a UNTYPED | {l=v} untyped=1.0"),
                ok("blanks around = , { }", "a{ l = \"v\" , m=\"w\" } 1\n", "a UNTYPED | {l=v,m=w} untyped=1.0"),
                ok("trailing comma in braces", "a{l=\"v\",} 1\n", "a UNTYPED | {l=v} untyped=1.0"),
                ok("empty braces", "a{} 1\n", "a UNTYPED | {} untyped=1.0"),
                ok("no blank after brace", "a{l=\"v\"}1\n", "a UNTYPED | {l=v} untyped=1.0"),
                ok("colon in metric name", "a:b_c 1\n", "a:b_c UNTYPED | {} untyped=1.0"),
                ok("label order is kept", "a{z=\"1\",a=\"2\"} 1\n", "a UNTYPED | {z=1,a=2} untyped=1.0"),
                ok("timestamp is kept", "a 1 1000\n", "a UNTYPED | {} untyped=1.0 ts=1000"),
                ok("negative timestamp", "a 1 -5\n", "a UNTYPED | {} untyped=1.0 ts=-5"),
                ok("blanks before timestamp", "a 1 \t 7\n", "a UNTYPED | {} untyped=1.0 ts=7"),
                ok("timestamp with plus sign", "a 1 +7\n", "a UNTYPED | {} untyped=1.0 ts=7"),
                ok("TYPE keyword", "# TYPE a counter\na 1\n", "a COUNTER | {} counter=1.0"),
                ok("#TYPE without blank counts", "#TYPE a gauge\na 1\n", "a GAUGE | {} gauge=1.0"),
                ok("lower-case keyword is a comment", "# type a counter\na 1\n", "a UNTYPED | {} untyped=1.0"),
                ok("TYPE value is case-insensitive", "# TYPE a COUNTER\na 1\n", "a COUNTER | {} counter=1.0"),
                ok("Unicode upper-casing like Go's ToUpper", "# TYPE a \u017Fummary\na 1\n", "a SUMMARY | {} summary"),
                ok("ordinary comments", "# just a comment\n#\n# \n# EOF\na 1\n", "a UNTYPED | {} untyped=1.0"),
                ok(
                        "HELP with escapes",
                        "# HELP a Help with \\\\ backslash and \\n newline and \" quote.\na 1\n",
                        "a UNTYPED help=\"Help with \\ backslash and \n newline and \" quote.\" | {} untyped=1.0"),
                ok("HELP without text creates nothing", "# HELP a\na 1\n", "a UNTYPED | {} untyped=1.0"),
                ok("HELP and TYPE keyword alone", "# HELP\n# TYPE\n", ""),
                ok(
                        "HELP with blank only keeps help unset",
                        "# HELP a \n# HELP a x\na 1\n",
                        "a UNTYPED help=\"x\" | {} untyped=1.0"),
                ok("HELP keeps trailing blanks", "# HELP a x  \na 1\n", "a UNTYPED help=\"x  \" | {} untyped=1.0"),
                ok(
                        "label value escapes, tab and UTF-8 raw",
                        "a{l=\"q\\\"b\\\\n\\nt\tü\"} 1\n",
                        "a UNTYPED | {l=q\"b\\n\nt\tü} untyped=1.0"),
                ok(
                        "families interleaved are merged",
                        "a{x=\"1\"} 1\nb 2\na{x=\"2\"} 3\n",
                        "a UNTYPED | {x=1} untyped=1.0 | {x=2} untyped=3.0\nb UNTYPED | {} untyped=2.0"),
                ok("duplicate series pass the parser", "a 1\na 2\n", "a UNTYPED | {} untyped=1.0 | {} untyped=2.0"),
                ok("HELP/TYPE without samples are dropped (§2.3)", "# HELP foo bar\n# TYPE foo counter\n", ""),
                ok(
                        "a family without samples is dropped, others kept",
                        "# TYPE foo counter\nbar 1\n",
                        "bar UNTYPED | {} untyped=1.0"),
                ok("__foo label passes the parser (§2.3)", "a{__foo=\"x\"} 1\n", "a UNTYPED | {__foo=x} untyped=1.0"),
                ok(
                        "OpenMetrics counter becomes untyped _total",
                        "# TYPE x counter\nx_total 1\n# EOF\n",
                        "x_total UNTYPED | {} untyped=1.0"),
                ok(
                        "_sum/_count without TYPE are separate families",
                        "s_sum 1\ns_count 2\ns 3\n",
                        "s_sum UNTYPED | {} untyped=1.0\ns_count UNTYPED | {} untyped=2.0\n"
                                + "s UNTYPED | {} untyped=3.0"),
                ok(
                        "summary folded into one metric per label set",
                        "# TYPE s summary\n"
                                + "s{quantile=\"0.5\",x=\"1\"} 10\n"
                                + "s{x=\"2\",quantile=\"0.5\"} 20\n"
                                + "s{x=\"1\",quantile=\"0.9\"} 11\n"
                                + "s_sum{x=\"1\"} 100\n"
                                + "s_count{x=\"1\"} 2.5\n"
                                + "s_sum{x=\"2\"} 200\n"
                                + "s_count{x=\"2\"} 4\n",
                        "s SUMMARY | {x=1} summary count=2 sum=100.0 q[0.5]=10.0 q[0.9]=11.0"
                                + " | {x=2} summary count=4 sum=200.0 q[0.5]=20.0"),
                ok(
                        "summary label set matched regardless of order",
                        "# TYPE s summary\ns{a=\"1\",b=\"2\",quantile=\"0.5\"} 1\ns_count{b=\"2\",a=\"1\"} 3\n",
                        "s SUMMARY | {a=1,b=2} summary count=3 q[0.5]=1.0"),
                ok(
                        "HELP of s_count goes to summary s",
                        "# TYPE s summary\n# HELP s_count the help\ns_count 1\n",
                        "s SUMMARY help=\"the help\" | {} summary count=1"),
                ok("le is an ordinary label outside histograms", "a{le=\"1\"} 1\n", "a UNTYPED | {le=1} untyped=1.0"),
                ok(
                        "quantile is an ordinary label of a histogram",
                        "# TYPE h histogram\nh_bucket{quantile=\"1\",le=\"1\"} 1\n",
                        "h HISTOGRAM | {quantile=1} histogram b[1.0]=1"),
                ok(
                        "histogram without +Inf bucket (§6.3)",
                        "# TYPE hh histogram\nhh_bucket{le=\"1\"} 1\nhh_sum 10\nhh_count 4\n",
                        "hh HISTOGRAM | {} histogram count=4 sum=10.0 b[1.0]=1"),
                ok(
                        "histogram buckets kept in the given order",
                        "# TYPE h histogram\nh_bucket{le=\"1000000\"} 1\nh_bucket{le=\"0.00001\"} 0\n"
                                + "h_bucket{le=\"+Inf\"} 2\n",
                        "h HISTOGRAM | {} histogram b[1000000.0]=1 b[1.0E-5]=0 b[Infinity]=2"),
                ok(
                        "histogram non-integral counts become float counts",
                        "# TYPE h histogram\nh_bucket{le=\"1\"} 0.5\nh_bucket{le=\"+Inf\"} 2\nh_count 2.5\n",
                        "h HISTOGRAM | {} histogram countFloat=2.5 bf[1.0]=0.5 b[Infinity]=2"),
                ok(
                        "histogram NaN and infinite counts take Go's uint64 conversion, as 1.5.1 stores them",
                        "# TYPE h histogram\nh_bucket{le=\"+Inf\"} +Inf\nh_count NaN\n",
                        "h HISTOGRAM | {} histogram count=9223372036854775808 b[Infinity]=9223372036854775808"),
                ok(
                        "gaugehistogram is accepted like the newest parser",
                        "# TYPE g gaugehistogram\ng_bucket{le=\"1\"} 1\ng_count 1\n",
                        "g GAUGE_HISTOGRAM | {} histogram count=1 b[1.0]=1"),
                ok(
                        "gauge_histogram, the enum name, too",
                        "# TYPE g gauge_histogram\ng_sum 1\n",
                        "g GAUGE_HISTOGRAM | {} histogram sum=1.0"),
                ok(
                        "summary line without quantile still creates the metric",
                        "# TYPE s summary\ns 1\n",
                        "s SUMMARY | {} summary"),
                ok(
                        "number formatting (§6.4)",
                        "# TYPE f1 gauge\nf1{v=\"a\"} 1000000\nf1{v=\"b\"} 100000\nf1{v=\"c\"} 0.0001\n"
                                + "f1{v=\"d\"} 0.00001\nf1{v=\"e\"} NaN\nf1{v=\"f\"} +Inf\nf1{v=\"g\"} -Inf\n"
                                + "f1{v=\"h\"} -0\nf1{v=\"i\"} 1.5e-7\n",
                        "f1 GAUGE | {v=a} gauge=1000000.0 | {v=b} gauge=100000.0 | {v=c} gauge=1.0E-4"
                                + " | {v=d} gauge=1.0E-5 | {v=e} gauge=NaN | {v=f} gauge=Infinity"
                                + " | {v=g} gauge=-Infinity | {v=h} gauge=-0.0 | {v=i} gauge=1.5E-7"));
    }

    static Stream<Arguments> acceptedValues() {
        return Stream.of(
                Arguments.of("1", 1.0),
                Arguments.of("-1", -1.0),
                Arguments.of("+1.5", 1.5),
                Arguments.of(".5", 0.5),
                Arguments.of("5.", 5.0),
                Arguments.of("0001", 1.0),
                Arguments.of("1e3", 1000.0),
                Arguments.of("1E+3", 1000.0),
                Arguments.of("1e-3", 0.001),
                Arguments.of("NaN", Double.NaN),
                Arguments.of("nan", Double.NaN),
                Arguments.of("NAN", Double.NaN),
                Arguments.of("Inf", Double.POSITIVE_INFINITY),
                Arguments.of("+Inf", Double.POSITIVE_INFINITY),
                Arguments.of("-Inf", Double.NEGATIVE_INFINITY),
                Arguments.of("inf", Double.POSITIVE_INFINITY),
                Arguments.of("INF", Double.POSITIVE_INFINITY),
                Arguments.of("Infinity", Double.POSITIVE_INFINITY),
                Arguments.of("-infinity", Double.NEGATIVE_INFINITY),
                Arguments.of("1e-400", 0.0),
                Arguments.of("-0", -0.0),
                Arguments.of("1.7976931348623157e308", Double.MAX_VALUE),
                Arguments.of("4.9e-324", Double.MIN_VALUE),
                Arguments.of("123456789012345678901234567890", 1.2345678901234568E29),
                Arguments.of("0.1000000000000000055511151231257827", 0.1),
                Arguments.of("9007199254740993", 9007199254740992.0), // ties to even
                Arguments.of("1.5e300", 1.5e300),
                Arguments.of("3.14159", 3.14159));
    }

    static Stream<Arguments> refused() {
        return Stream.of(
                err("no final newline (§2.3)", "a 1", 1, "unexpected end of input stream"),
                err("no final newline after labels", "a{x=\"1\"} 1", 1, "unexpected end of input stream"),
                err("EOF in label value", "a{x=\"1", 1, "unexpected end of input stream"),
                err("EOF in comment", "a 1\n# HELP a text", 2, "unexpected end of input stream"),
                err("EOF after metric name", "a", 1, "unexpected end of input stream"),
                err("CRLF line ends", "a 1\r\n", 1, "expected float as value, got \"1\\r\""),
                err("trailing blank after value", "a 1 \n", 1, "expected integer as timestamp, got \"\""),
                err("missing value", "a\n", 1, "expected float as value, got \"\""),
                err("missing value after braces", "a{x=\"1\"}\n", 1, "expected float as value, got \"\""),
                err("value not a float", "a abc\n", 1, "expected float as value, got \"abc\""),
                err(
                        "line number counts blank and comment lines",
                        "\n# c\n\na x\n",
                        4,
                        "expected float as value, got \"x\""),
                err("second sample line without value", "a 1\nb\n", 2, "expected float as value, got \"\""),
                err("timestamp not an integer", "a 1 1.5\n", 1, "expected integer as timestamp, got \"1.5\""),
                err(
                        "timestamp overflow",
                        "a 1 9223372036854775808\n",
                        1,
                        "expected integer as timestamp, got \"9223372036854775808\""),
                err("timestamp sign only", "a 1 -\n", 1, "expected integer as timestamp, got \"-\""),
                err("timestamp with CR", "a 1 1000\r\n", 1, "expected integer as timestamp, got \"1000\\r\""),
                err("spurious text after timestamp", "a 1 1000 x\n", 1, "spurious string after timestamp: \" x\""),
                err("blank after timestamp", "a 1 1000 \n", 1, "spurious string after timestamp: \" \""),
                err("second HELP", "# HELP a x\n# HELP a y\n", 2, "second HELP line for metric name \"a\""),
                err(
                        "TYPE after samples (§2.3)",
                        "a 1\n# TYPE a counter\n",
                        2,
                        "second TYPE line for metric name \"a\", or TYPE reported after samples"),
                err(
                        "second TYPE",
                        "# TYPE a counter\n# TYPE a gauge\n",
                        2,
                        "second TYPE line for metric name \"a\", or TYPE reported after samples"),
                err(
                        "TYPE of a folded _count names the summary",
                        "# TYPE s summary\n# TYPE s_count counter\n",
                        2,
                        "second TYPE line for metric name \"s\", or TYPE reported after samples"),
                err("unknown type info", "# TYPE a info\n", 1, "unknown metric type \"info\""),
                err("unknown type stateset", "# TYPE a stateset\n", 1, "unknown metric type \"stateset\""),
                err("TYPE keeps trailing blanks", "# TYPE a counter \n", 1, "unknown metric type \"counter \""),
                err("TYPE with CR", "# TYPE a counter\r\n", 1, "unknown metric type \"counter\\r\""),
                err("invalid metric name", "0abc 1\n", 1, "invalid metric name"),
                err("quoted UTF-8 name is not legacy", "{\"a.b\"} 1\n", 1, "invalid metric name"),
                err("protobuf bytes as text (§2.1)", "\u0008\u0001 1\n", 1, "invalid metric name"),
                err("invalid metric name in comment", "# TYPE a{ counter\n", 1, "invalid metric name in comment"),
                err("__name__ is reserved (§2.3)", "a{__name__=\"x\"} 1\n", 1, "label name \"__name__\" is reserved"),
                err(
                        "duplicate label names (§2.3)",
                        "a{x=\"1\",x=\"2\"} 1\n",
                        1,
                        "duplicate label names for metric \"a\""),
                err("HELP escape \\\" is invalid", "# HELP a say \\\"hi\\\"\n", 1, "invalid escape sequence '\\\"'"),
                err("HELP unknown escape", "# HELP a bad \\q\n", 1, "invalid escape sequence '\\q'"),
                err("label value unknown escape", "a{x=\"\\t\"} 1\n", 1, "invalid escape sequence '\\t'"),
                err(
                        "label value escape of a UTF-8 byte is formatted as Latin-1 like Go's %c",
                        "a{x=\"\\ä\"} 1\n", 1, "invalid escape sequence '\\\u00c3'"),
                err(
                        "raw newline in label value",
                        "a{x=\"a\nb\"} 1\n",
                        1,
                        "label value \"a\" contains unescaped new-line"),
                err(
                        "raw newline in escaped label value",
                        "a{x=\"a\\\\\nb\"} 1\n",
                        1,
                        "label value \"a\\\\\" contains unescaped new-line"),
                err("unquoted label value", "a{x=1} 1\n", 1, "expected '\"' at start of label value, found '1'"),
                err("missing =", "a{x:\"1\"} 1\n", 1, "expected '=' after label name, found ':'"),
                err("missing = at a newline", "a{x\n", 1, "expected '=' after label name, found '\\n'"),
                err("invalid label name", "a{1=\"1\"} 1\n", 1, "invalid label name for metric \"a\""),
                err("quoted label name", "a{\"x\"=\"1\"} 1\n", 1, "invalid label name for metric \"a\""),
                err("comma only", "a{,} 1\n", 1, "invalid label name for metric \"a\""),
                err("missing comma", "a{x=\"1\" y=\"2\"} 1\n", 1, "unexpected end of label value \"1\""),
                err(
                        "bad quantile",
                        "# TYPE s summary\ns{quantile=\"x\"} 1\n",
                        2,
                        "expected float as value for 'quantile' label, got \"x\""),
                err(
                        "bad le",
                        "# TYPE h histogram\nh_bucket{le=\"0x1p-3\"} 1\n",
                        2,
                        "expected float as value for 'le' label, got \"0x1p-3\""),
                err("Go hex float", "a 0x1p3\n", 1, "expected float as value, got \"0x1p3\""),
                err("Go hex float, capital P", "a 0X1P3\n", 1, "expected float as value, got \"0X1P3\""),
                err("Go underscore", "a 1_000\n", 1, "expected float as value, got \"1_000\""),
                err("hex integer", "a 0x10\n", 1, "expected float as value, got \"0x10\""),
                err("binary integer", "a 0b1\n", 1, "expected float as value, got \"0b1\""),
                err("Java double suffix", "a 1d\n", 1, "expected float as value, got \"1d\""),
                err("Java float suffix", "a 1f\n", 1, "expected float as value, got \"1f\""),
                err(
                        "Java Infinity spelling with junk",
                        "a Infinityx\n",
                        1,
                        "expected float as value, got \"Infinityx\""),
                err("partial infinity", "a infin\n", 1, "expected float as value, got \"infin\""),
                err("signed NaN", "a -NaN\n", 1, "expected float as value, got \"-NaN\""),
                err("exponent without digits", "a 1e\n", 1, "expected float as value, got \"1e\""),
                err("lone dot", "a .\n", 1, "expected float as value, got \".\""),
                err("two dots", "a 1.2.3\n", 1, "expected float as value, got \"1.2.3\""),
                err("sign only", "a +\n", 1, "expected float as value, got \"+\""),
                err("overflow is a range error in Go", "a 1e400\n", 1, "expected float as value, got \"1e400\""),
                err("NUL in value is quoted as \\x00", "a 1\u0000\n", 1, "expected float as value, got \"1\\x00\""),
                err("non-printable rune quoted as \\u", "a 1\u00a0\n", 1, "expected float as value, got \"1\\u00a0\""),
                err("printable rune kept", "a 1é\n", 1, "expected float as value, got \"1é\""),
                err("unknown type quoted with \\u", "# TYPE a \u200b\n", 1, "unknown metric type \"\\u200b\""),
                // The newest upstream parser refuses what 1.5.1 wraps around to 2^64-7 (issue 21).
                err(
                        "negative bucket population",
                        "# TYPE h histogram\nh_bucket{le=\"+Inf\"} -7\n",
                        2,
                        "histogram \"h\" has a negative bucket population: -7"),
                err(
                        "negative observation count",
                        "# TYPE h histogram\nh_sum 1\nh_count -7\n",
                        3,
                        "histogram \"h\" has a negative observation count: -7"),
                err(
                        "negative fractional bucket",
                        "# TYPE h gaugehistogram\nh_bucket{le=\"1\"} -0.5\n",
                        2,
                        "histogram \"h\" has a negative bucket population: -0.5"),
                err(
                        "negative infinite count",
                        "# TYPE h histogram\nh_count -Inf\n",
                        2,
                        "histogram \"h\" has a negative observation count: -Inf"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("accepted")
    void accepts(String name, String body, String expected) throws BodyParseException {
        assertEquals(expected, describe(TextFormatParser.parse(body.getBytes(StandardCharsets.UTF_8))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("acceptedValues")
    void acceptsGoFloatSpellings(String spelling, double expected) throws BodyParseException {
        Map<String, Metrics.MetricFamily> parsed =
                TextFormatParser.parse(("a " + spelling + "\n").getBytes(StandardCharsets.UTF_8));
        double value = parsed.get("a").getMetric(0).getUntyped().getValue();
        assertEquals(
                Double.doubleToLongBits(expected),
                Double.doubleToLongBits(value),
                () -> spelling + " parsed as " + value);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void refuses(String name, String body, String expectedMessage) {
        BodyParseException e = assertThrows(
                BodyParseException.class, () -> TextFormatParser.parse(body.getBytes(StandardCharsets.UTF_8)));
        assertEquals(expectedMessage, e.getMessage());
    }

    @Test
    void refusesInvalidUtf8LabelValue() {
        byte[] body = {'a', '{', 'x', '=', '"', 'o', (byte) 0xFF, 'k', '"', '}', ' ', '1', '\n'};
        BodyParseException e = assertThrows(BodyParseException.class, () -> TextFormatParser.parse(body));
        assertEquals("text format parsing error in line 1: invalid label value \"o\\xffk\"", e.getMessage());
    }

    @Test
    void refusesEncodedSurrogateInLabelValue() {
        byte[] body = {'a', '{', 'x', '=', '"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"', '}', ' ', '1', '\n'};
        BodyParseException e = assertThrows(BodyParseException.class, () -> TextFormatParser.parse(body));
        assertEquals("text format parsing error in line 1: invalid label value \"\\xed\\xa0\\x80\"", e.getMessage());
    }

    @Test
    void quotesInvalidUtf8InValue() {
        byte[] body = {'a', ' ', '1', (byte) 0xC3, '\n'};
        BodyParseException e = assertThrows(BodyParseException.class, () -> TextFormatParser.parse(body));
        assertEquals("text format parsing error in line 1: expected float as value, got \"1\\xc3\"", e.getMessage());
    }

    @Test
    void aLineWithVeryManyLabelsCostsLinearTime() {
        // Checking each name against all earlier ones took minutes for a line this long.
        StringBuilder line = new StringBuilder("m{");
        for (int i = 0; i < 500_000; i++) {
            line.append('l').append(i).append("=\"\",");
        }
        line.append("l7=\"\"} 1\n");
        byte[] body = line.toString().getBytes(StandardCharsets.UTF_8);
        BodyParseException e = assertTimeoutPreemptively(
                Duration.ofSeconds(60),
                () -> assertThrows(BodyParseException.class, () -> TextFormatParser.parse(body)));
        assertEquals("text format parsing error in line 1: duplicate label names for metric \"m\"", e.getMessage());
    }

    @Test
    void familiesAreKeyedInOrderOfFirstAppearance() throws BodyParseException {
        Map<String, Metrics.MetricFamily> parsed =
                TextFormatParser.parse("# HELP z first\nb 1\nz 1\na 1\nb 2\n".getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of("z", "b", "a"), List.copyOf(parsed.keySet()));
        assertEquals("first", parsed.get("z").getHelp());
        assertFalse(parsed.get("b").hasHelp());
    }

    @Test
    void helpMadeOfAnEscapeIsKept() throws BodyParseException {
        // Blanks after the name are skipped, so the shortest help text can give is an escape.
        Metrics.MetricFamily f = TextFormatParser.parse("# HELP a \\n\na 1\n".getBytes(StandardCharsets.UTF_8))
                .get("a");
        assertTrue(f.hasHelp());
        assertEquals("\n", f.getHelp());
    }

    @Test
    void summaryCountIsTruncatedLikeGoUint64() {
        assertEquals(2L, SampleValues.goUint64(2.5));
        assertEquals(0L, SampleValues.goUint64(0.9));
        assertEquals(-1L, SampleValues.goUint64(-1.0)); // 2^64-1 as uint64, as amd64 Go computes it
        assertEquals(Long.MIN_VALUE, SampleValues.goUint64(Double.NaN));
        assertEquals(Long.MIN_VALUE, SampleValues.goUint64(0x1p63));
        assertEquals(-2048L, SampleValues.goUint64(0x1p64 - 2048)); // 2^64-2048, the largest double below 2^64
    }

    @Test
    void histogramCountsThatFitUint64StayIntegers() throws BodyParseException {
        Metrics.Histogram h = TextFormatParser.parse(("# TYPE h histogram\nh_bucket{le=\"1\"} 0.5\n"
                                + "h_bucket{le=\"2\"} 1e19\nh_count NaN\nh_sum -3\n")
                        .getBytes(StandardCharsets.UTF_8))
                .get("h")
                .getMetric(0)
                .getHistogram();
        assertTrue(h.getBucket(0).hasCumulativeCountFloat());
        assertEquals(0.5, h.getBucket(0).getCumulativeCountFloat());
        assertEquals(-3.0, h.getSampleSum(), "a negative sum of observations is fine");
        assertFalse(h.getBucket(1).hasCumulativeCountFloat());
        assertEquals(
                "10000000000000000000", Long.toUnsignedString(h.getBucket(1).getCumulativeCount()));
        assertFalse(h.hasSampleCountFloat(), "NaN is not a fraction: 1.5.1 converts it as Go does");
        assertEquals(Long.MIN_VALUE, h.getSampleCount());
    }

    @Test
    void largeBodyWithManySeries() throws BodyParseException {
        StringBuilder sb = new StringBuilder("# HELP big Many series.\n# TYPE big gauge\n");
        for (int i = 0; i < 10_000; i++) {
            sb.append("big{i=\"")
                    .append(i)
                    .append("\",job=\"x\"} ")
                    .append(i * 0.5)
                    .append('\n');
        }
        Metrics.MetricFamily f = TextFormatParser.parse(sb.toString().getBytes(StandardCharsets.UTF_8))
                .get("big");
        assertEquals(10_000, f.getMetricCount());
        assertEquals(4999.5, f.getMetric(9999).getGauge().getValue());
        assertEquals("9999", f.getMetric(9999).getLabel(0).getValue());
    }

    private static Arguments ok(String name, String body, String expected) {
        return Arguments.of(name, body, expected);
    }

    private static Arguments err(String name, String body, int line, String message) {
        return Arguments.of(name, body, "text format parsing error in line " + line + ": " + message);
    }

    /**
     * One line per family: {@code name TYPE [help="..."]}, then {@code | {labels} value...} per
     * metric. Doubles use Java's toString so that the description does not depend on GoFloat.
     */
    static String describe(Map<String, Metrics.MetricFamily> families) {
        return families.values().stream()
                .map(f -> {
                    StringBuilder sb =
                            new StringBuilder(f.getName()).append(' ').append(f.getType());
                    if (f.hasHelp()) {
                        sb.append(" help=\"").append(f.getHelp()).append('"');
                    }
                    for (Metrics.Metric m : f.getMetricList()) {
                        sb.append(" | {")
                                .append(m.getLabelList().stream()
                                        .map(l -> l.getName() + "=" + l.getValue())
                                        .collect(Collectors.joining(",")))
                                .append('}');
                        if (m.hasCounter()) {
                            sb.append(" counter=").append(m.getCounter().getValue());
                        }
                        if (m.hasGauge()) {
                            sb.append(" gauge=").append(m.getGauge().getValue());
                        }
                        if (m.hasUntyped()) {
                            sb.append(" untyped=").append(m.getUntyped().getValue());
                        }
                        if (m.hasSummary()) {
                            Metrics.Summary s = m.getSummary();
                            sb.append(" summary");
                            if (s.hasSampleCount()) {
                                sb.append(" count=").append(Long.toUnsignedString(s.getSampleCount()));
                            }
                            if (s.hasSampleSum()) {
                                sb.append(" sum=").append(s.getSampleSum());
                            }
                            for (Metrics.Quantile q : s.getQuantileList()) {
                                sb.append(" q[")
                                        .append(q.getQuantile())
                                        .append("]=")
                                        .append(q.getValue());
                            }
                        }
                        if (m.hasHistogram()) {
                            Metrics.Histogram h = m.getHistogram();
                            sb.append(" histogram");
                            if (h.hasSampleCount()) {
                                sb.append(" count=").append(Long.toUnsignedString(h.getSampleCount()));
                            }
                            if (h.hasSampleCountFloat()) {
                                sb.append(" countFloat=").append(h.getSampleCountFloat());
                            }
                            if (h.hasSampleSum()) {
                                sb.append(" sum=").append(h.getSampleSum());
                            }
                            for (Metrics.Bucket b : h.getBucketList()) {
                                if (b.hasCumulativeCountFloat()) {
                                    sb.append(" bf[")
                                            .append(b.getUpperBound())
                                            .append("]=")
                                            .append(b.getCumulativeCountFloat());
                                } else {
                                    sb.append(" b[")
                                            .append(b.getUpperBound())
                                            .append("]=")
                                            .append(Long.toUnsignedString(b.getCumulativeCount()));
                                }
                            }
                        }
                        if (m.hasTimestampMs()) {
                            sb.append(" ts=").append(m.getTimestampMs());
                        }
                    }
                    return sb.toString();
                })
                .collect(Collectors.joining("\n"));
    }
}
