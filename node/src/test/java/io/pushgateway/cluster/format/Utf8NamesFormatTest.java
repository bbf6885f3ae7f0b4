package io.pushgateway.cluster.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.prometheus.metrics.expositionformats.generated.Metrics;
import io.pushgateway.cluster.model.EscapingScheme;
import io.pushgateway.cluster.model.NameValidation;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * UTF-8 metric and label names in the text format: quoted names in the parser (only in UTF-8
 * mode), quoting in the writer, escaping of families for scrapers, and the {@code escaping=}
 * parameter of {@code Accept}.
 */
class Utf8NamesFormatTest {

    static Stream<Arguments> acceptedWithUtf8Names() {
        return Stream.of(
                Arguments.of("name alone in braces", "{\"my.metric\"} 1\n", "my.metric UNTYPED | {} untyped=1.0"),
                Arguments.of(
                        "name first, then labels",
                        "{\"my.metric\",\"label.name\"=\"v\"} 1\n",
                        "my.metric UNTYPED | {label.name=v} untyped=1.0"),
                Arguments.of(
                        "blanks and trailing comma",
                        "{ \"my.metric\" , \"a\" = \"b\" , } 1\n",
                        "my.metric UNTYPED | {a=b} untyped=1.0"),
                Arguments.of(
                        "quoted name before braces",
                        "\"my.metric\"{\"a.b\"=\"c\"} 1\n",
                        "my.metric UNTYPED | {a.b=c} untyped=1.0"),
                Arguments.of("quoted name without labels", "\"my.metric\" 1\n", "my.metric UNTYPED | {} untyped=1.0"),
                Arguments.of(
                        "classic name in braces",
                        "{my_metric, \"a.b\"=\"c\"} 2\n",
                        "my_metric UNTYPED | {a.b=c} untyped=2.0"),
                Arguments.of("escapes in names", "{\"a\\\"b\\\\c\\nd\"} 1\n", "a\"b\\c\nd UNTYPED | {} untyped=1.0"),
                Arguments.of(
                        "non-ASCII names",
                        "{\"Προμηθεύς\",\"名前\"=\"値\"} 1\n",
                        "Προμηθεύς UNTYPED | {名前=値} untyped=1.0"),
                Arguments.of(
                        "HELP and TYPE with quoted names",
                        "# HELP \"my.metric\" Some help.\n# TYPE \"my.metric\" counter\n{\"my.metric\"} 3\n",
                        "my.metric COUNTER help=\"Some help.\" | {} counter=3.0"),
                Arguments.of(
                        "quoted and classic spellings are one family",
                        "{\"a\"} 1\na{x=\"1\"} 2\n",
                        "a UNTYPED | {} untyped=1.0 | {x=1} untyped=2.0"),
                Arguments.of(
                        "upstream's TestPushUTF8 body",
                        "some_metric 3.14\n{\"another.metric\",instance=\"testinstance\",job=\"testjob\","
                                + "\"dotted.label.name\"=\"mylabelvalue\"} 42\n",
                        "some_metric UNTYPED | {} untyped=3.14\nanother.metric UNTYPED | "
                                + "{instance=testinstance,job=testjob,dotted.label.name=mylabelvalue} untyped=42.0"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("acceptedWithUtf8Names")
    void parsesQuotedNamesWithTheFlag(String name, String body, String expected) throws BodyParseException {
        assertEquals(expected, TextFormatParserTest.describe(parse(body, NameValidation.UTF8)));
    }

    @Test
    void quotedSummaryAndHistogramLinesJoinTheirFamily() throws BodyParseException {
        Map<String, Metrics.MetricFamily> parsed = parse(
                "# TYPE \"h.x\" histogram\n"
                        + "{\"h.x_bucket\",le=\"1\"} 2\n{\"h.x_bucket\",\"le\"=\"+Inf\"} 3\n{\"h.x_sum\"} 4\n{\"h.x_count\"} 3\n"
                        + "# TYPE \"s.x\" summary\n{\"s.x\",quantile=\"0.5\"} 1\n{\"s.x_count\"} 7\n",
                NameValidation.UTF8);
        assertEquals(Set.of("h.x", "s.x"), parsed.keySet());
        Metrics.Histogram h = parsed.get("h.x").getMetric(0).getHistogram();
        assertEquals(3, h.getSampleCount());
        assertEquals(4, h.getSampleSum());
        assertEquals(2, h.getBucketCount());
        Metrics.Summary s = parsed.get("s.x").getMetric(0).getSummary();
        assertEquals(7, s.getSampleCount());
        assertEquals(0.5, s.getQuantile(0).getQuantile());
    }

    @Test
    void quotedLabelNamesDoNotBlurSummarySeries() throws BodyParseException {
        // Label sets that would read alike if names were not delimited: {a="b",c="d"} and {"a=1:bc"="d"}.
        Map<String, Metrics.MetricFamily> parsed = parse(
                "# TYPE s summary\ns{a=\"b\",c=\"d\",quantile=\"0.5\"} 1\n"
                        + "s{\"a=1:bc\"=\"d\",quantile=\"0.5\"} 2\n",
                NameValidation.UTF8);
        assertEquals(2, parsed.get("s").getMetricCount());
    }

    static Stream<Arguments> refusedWithUtf8Names() {
        return Stream.of(
                Arguments.of("a label before the name", "{\"a.b\"=\"c\"} 1\n", "invalid metric name"),
                Arguments.of("two names", "{\"a.b\" \"c\"} 1\n", "unexpected end of metric name '\"'"),
                Arguments.of("empty quoted name", "{\"\"} 1\n", "invalid metric name"),
                Arguments.of("newline in a name", "{\"a\nb\"} 1\n", "metric name \"a\" contains unescaped new-line"),
                Arguments.of(
                        "newline in a label name",
                        "a{\"x\ny\"=\"1\"} 1\n",
                        "label name \"x\" contains unescaped new-line"),
                Arguments.of("unknown escape in a name", "{\"a\\tb\"} 1\n", "invalid escape sequence '\\t'"),
                Arguments.of("empty label name", "a{\"\"=\"v\"} 1\n", "invalid label name for metric \"a\""),
                Arguments.of("quoted __name__", "a{\"__name__\"=\"v\"} 1\n", "label name \"__name__\" is reserved"),
                Arguments.of(
                        "duplicate quoted label",
                        "{\"a.b\",\"x\"=\"1\",x=\"2\"} 1\n",
                        "duplicate label names for metric \"a.b\""),
                Arguments.of(
                        "name glued to a word in a comment",
                        "# TYPE \"a.b\"x counter\n",
                        "invalid metric name in comment"),
                Arguments.of("no final newline", "{\"a.b\"} 1", "unexpected end of input stream"),
                Arguments.of("unterminated name", "{\"a.b} 1\n", "metric name \"a.b} 1\" contains unescaped new-line"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedWithUtf8Names")
    void refusesMalformedQuotedNames(String name, String body, String message) {
        BodyParseException e = assertThrows(BodyParseException.class, () -> parse(body, NameValidation.UTF8));
        assertEquals("text format parsing error in line 1: " + message, e.getMessage());
    }

    @Test
    void refusesInvalidUtf8InQuotedNames() {
        byte[] body = {'{', '"', 'a', (byte) 0xFF, '"', '}', ' ', '1', '\n'};
        BodyParseException e =
                assertThrows(BodyParseException.class, () -> TextFormatParser.parse(body, NameValidation.UTF8));
        assertEquals("text format parsing error in line 1: invalid metric name", e.getMessage());
    }

    static Stream<Arguments> refusedWithoutTheFlag() {
        return Stream.of(
                Arguments.of("{\"a.b\"} 1\n", "invalid metric name"),
                Arguments.of("\"a.b\" 1\n", "invalid metric name"),
                Arguments.of("a{\"b.c\"=\"x\"} 1\n", "invalid label name for metric \"a\""),
                Arguments.of("# TYPE \"a.b\" counter\n", "invalid metric name in comment"),
                Arguments.of("a.b 1\n", "expected float as value, got \".b\""));
    }

    /** Without the flag, quoted names are what they are to the classic Go parser: errors. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedWithoutTheFlag")
    void refusesQuotedNamesWithoutTheFlag(String body, String message) {
        BodyParseException e = assertThrows(BodyParseException.class, () -> parse(body, NameValidation.CLASSIC));
        assertEquals("text format parsing error in line 1: " + message, e.getMessage());
    }

    /** Where a name could start in quotes: at the start of a line, after { or , and in HELP/TYPE. */
    private static final Pattern QUOTED_NAME =
            Pattern.compile("[{,][ \\t]*\"|(^|\n)[ \\t]*\"|#[ \\t]*(HELP|TYPE)[ \\t]+\"");

    /**
     * Every case of the parser's own tests without a quoted name parses the same, to the byte of
     * the message, with the flag.
     */
    @Test
    void classicInputParsesAlikeInBothModes() {
        Stream.concat(TextFormatParserTest.accepted(), TextFormatParserTest.refused())
                .forEach(arguments -> {
                    String body = (String) arguments.get()[1];
                    if (QUOTED_NAME.matcher(body).find()) {
                        return;
                    }
                    assertEquals(outcome(body, NameValidation.CLASSIC), outcome(body, NameValidation.UTF8), body);
                });
    }

    @Test
    void writerQuotesNamesOutsideTheClassicRules() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TextFormatWriter.writeHeader(out, "my.metric", "Some help.", Metrics.MetricType.COUNTER);
        assertEquals(
                "# HELP \"my.metric\" Some help.\n# TYPE \"my.metric\" counter\n",
                out.toString(StandardCharsets.UTF_8));
        assertEquals("{\"my.metric\"} 1\n", render("my.metric", Metrics.MetricType.GAUGE, gauge(1)));
        assertEquals(
                "{\"my.metric\",a=\"b\",\"label.name\"=\"v\"} 1\n",
                render("my.metric", Metrics.MetricType.GAUGE, gauge(1, "a", "b", "label.name", "v")));
        assertEquals("m{\"label.name\"=\"v\"} 1\n", render("m", Metrics.MetricType.GAUGE, gauge(1, "label.name", "v")));
        assertEquals("{\"a\\\"b\\\\c\\nd\"} 1\n", render("a\"b\\c\nd", Metrics.MetricType.GAUGE, gauge(1)));
        // Upstream checks label names by the metric name rules: a colon needs no quotes.
        assertEquals("m{a:b=\"v\"} 1\n", render("m", Metrics.MetricType.GAUGE, gauge(1, "a:b", "v")));
    }

    @Test
    void writerPutsSuffixedNamesInsideTheBraces() {
        Metrics.Metric histogram = Metrics.Metric.newBuilder()
                .addLabel(pair("job", "j"))
                .setHistogram(Metrics.Histogram.newBuilder()
                        .setSampleCount(3)
                        .setSampleSum(4)
                        .addBucket(Metrics.Bucket.newBuilder().setUpperBound(1).setCumulativeCount(2)))
                .build();
        assertEquals(
                "{\"h.x_bucket\",job=\"j\",le=\"1\"} 2\n{\"h.x_bucket\",job=\"j\",le=\"+Inf\"} 3\n"
                        + "{\"h.x_sum\",job=\"j\"} 4\n{\"h.x_count\",job=\"j\"} 3\n",
                render("h.x", Metrics.MetricType.HISTOGRAM, histogram));
        Metrics.Metric summary = Metrics.Metric.newBuilder()
                .setSummary(Metrics.Summary.newBuilder()
                        .setSampleCount(7)
                        .addQuantile(
                                Metrics.Quantile.newBuilder().setQuantile(0.5).setValue(1)))
                .build();
        assertEquals(
                "{\"s.x\",quantile=\"0.5\"} 1\n{\"s.x_sum\"} 0\n{\"s.x_count\"} 7\n",
                render("s.x", Metrics.MetricType.SUMMARY, summary));
    }

    @Test
    void writtenNamesParseBack() throws BodyParseException {
        String name = "a\"b\\c\nd.Προ";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TextFormatWriter.writeHeader(out, name, "h", Metrics.MetricType.GAUGE);
        out.writeBytes(TextFormatWriter.renderSeries(name, Metrics.MetricType.GAUGE, gauge(2, "l.ä\"", "v")));
        Metrics.MetricFamily family =
                TextFormatParser.parse(out.toByteArray(), NameValidation.UTF8).get(name);
        assertEquals(Metrics.MetricType.GAUGE, family.getType());
        assertEquals("l.ä\"", family.getMetric(0).getLabel(0).getName());
        assertEquals(2, family.getMetric(0).getGauge().getValue());
    }

    @Test
    void familiesAreEscapedNameByName() {
        Metrics.MetricFamily family = Metrics.MetricFamily.newBuilder()
                .setName("my.metric")
                .setHelp("h")
                .setType(Metrics.MetricType.GAUGE)
                .addMetric(gauge(1, "job", "j", "label.name", "v.w"))
                .addMetric(gauge(2, "job", "k"))
                .build();
        assertSame(family, NameEscaping.escape(family, EscapingScheme.ALLOW_UTF8));
        assertEquals(
                "my_metric GAUGE help=\"h\" | {job=j,label_name=v.w} gauge=1.0 | {job=k} gauge=2.0",
                describe(NameEscaping.escape(family, EscapingScheme.UNDERSCORES)));
        assertEquals(
                "my_dot_metric GAUGE help=\"h\" | {job=j,label_dot_name=v.w} gauge=1.0 | {job=k} gauge=2.0",
                describe(NameEscaping.escape(family, EscapingScheme.DOTS)));
        assertEquals(
                "U__my_2e_metric GAUGE help=\"h\" | {job=j,U__label_2e_name=v.w} gauge=1.0 | {job=k} gauge=2.0",
                describe(NameEscaping.escape(family, EscapingScheme.VALUES)));
    }

    @Test
    void classicFamiliesAreNeverEscaped() {
        // Not even by dots, which doubles the underscores of a name it does escape.
        Metrics.MetricFamily classic = Metrics.MetricFamily.newBuilder()
                .setName("my_metric")
                .setType(Metrics.MetricType.GAUGE)
                .addMetric(gauge(1, "some_label", "x.y"))
                .build();
        for (EscapingScheme scheme : EscapingScheme.values()) {
            assertSame(classic, NameEscaping.escape(classic, scheme));
        }
    }

    static Stream<Arguments> acceptHeaders() {
        String proto = "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited";
        return Stream.of(
                Arguments.of(null, EscapingScheme.UNDERSCORES),
                Arguments.of("", EscapingScheme.UNDERSCORES),
                Arguments.of("text/plain", EscapingScheme.UNDERSCORES),
                Arguments.of("*/*", EscapingScheme.UNDERSCORES),
                Arguments.of("text/plain; version=0.0.4; escaping=allow-utf-8", EscapingScheme.ALLOW_UTF8),
                Arguments.of("text/plain;escaping=dots", EscapingScheme.DOTS),
                Arguments.of(proto + ";escaping=values", EscapingScheme.VALUES),
                Arguments.of("text/plain;escaping=Allow-UTF-8", EscapingScheme.UNDERSCORES),
                Arguments.of("text/plain;escaping=unknown", EscapingScheme.UNDERSCORES),
                // What Prometheus 3 sends: the scheme of its preferred range carries over.
                Arguments.of(
                        "application/openmetrics-text;version=1.0.0;escaping=allow-utf-8;q=0.6,"
                                + "application/openmetrics-text;version=0.0.1;q=0.5,text/plain;version=1.0.0;"
                                + "escaping=allow-utf-8;q=0.4,text/plain;version=0.0.4;q=0.3,*/*;q=0.2",
                        EscapingScheme.ALLOW_UTF8),
                Arguments.of(
                        "text/plain;version=0.0.4;escaping=dots;q=0.1," + proto + ";escaping=values;q=0.9",
                        EscapingScheme.VALUES),
                Arguments.of("text/html;escaping=values, text/plain", EscapingScheme.VALUES),
                Arguments.of("text/plain, text/html;escaping=values", EscapingScheme.UNDERSCORES),
                Arguments.of(
                        "text/plain;version=1.0.0;escaping=dots, text/plain;version=0.0.4;escaping=values",
                        EscapingScheme.VALUES));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("acceptHeaders")
    void negotiatesTheSchemeAsUpstream(String accept, EscapingScheme expected) {
        assertEquals(expected, AcceptEscaping.negotiate(accept));
    }

    private static Map<String, Metrics.MetricFamily> parse(String body, NameValidation names)
            throws BodyParseException {
        return TextFormatParser.parse(body.getBytes(StandardCharsets.UTF_8), names);
    }

    private static String outcome(String body, NameValidation names) {
        try {
            return TextFormatParserTest.describe(parse(body, names));
        } catch (BodyParseException e) {
            return e.getMessage();
        }
    }

    private static String describe(Metrics.MetricFamily family) {
        return TextFormatParserTest.describe(Map.of(family.getName(), family));
    }

    private static String render(String name, Metrics.MetricType type, Metrics.Metric metric) {
        return new String(TextFormatWriter.renderSeries(name, type, metric), StandardCharsets.UTF_8);
    }

    private static Metrics.Metric gauge(double value, String... labels) {
        Metrics.Metric.Builder m =
                Metrics.Metric.newBuilder().setGauge(Metrics.Gauge.newBuilder().setValue(value));
        for (int i = 0; i < labels.length; i += 2) {
            m.addLabel(pair(labels[i], labels[i + 1]));
        }
        return m.build();
    }

    private static Metrics.LabelPair pair(String name, String value) {
        return Metrics.LabelPair.newBuilder().setName(name).setValue(value).build();
    }
}
