package io.pushgateway.cluster.format;

import io.prometheus.metrics.expositionformats.generated.Metrics;
import io.pushgateway.cluster.model.NameValidation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parser for the Prometheus text format 0.0.4 that accepts and rejects exactly what the Go
 * Pushgateway 1.5.1 accepts (prometheus/common {@code expfmt.TextParser}, legacy names), with the
 * same error messages, because clients see those messages in 400 responses.
 *
 * <p>The structure mirrors Go's state machine: startComment, readingHelp, readingType,
 * readingMetricName, readingLabels (Go's startLabelName/startLabelValue), readingValue and
 * startTimestamp are one method each, and Go's "return nil on io.EOF" is an exception thrown by the
 * {@link TextScanner}, which reads the body in one pass.
 *
 * <p>Additions of the newest Go parser that are kept: {@code gaugehistogram} is a type (parsed like
 * a histogram), and non-integral histogram counts go to the float count fields instead of being
 * truncated. With {@link NameValidation#UTF8} names may also be quoted, as the newest parser
 * reads them: {@code {"my.metric","label.name"="v"} 1}, {@code "my.metric"{a="b"} 1},
 * {@code # TYPE "my.metric" counter}; classic input parses exactly as without it.
 */
public final class TextFormatParser {
    private static final Comparator<Metrics.LabelPair> BY_NAME = Comparator.comparing(Metrics.LabelPair::getName);

    private final TextScanner s;
    private final boolean quotedNames;
    /** In order of creation; Go's map has no order, and first appearance is the useful one. */
    private final Map<String, ParsedFamily> families = new LinkedHashMap<>();

    private ParsedFamily mf;
    /** The current line is the _count / _sum of a summary or histogram declared earlier. */
    private boolean isCount;

    private boolean isSum;

    /** Consecutive lines usually repeat a name; remembering the last lookup saves a String each. */
    private String lastName;

    private ParsedFamily lastFamily;
    private boolean lastIsCount;
    private boolean lastIsSum;

    /** Label pairs of the current sample line, without a summary's quantile or histogram's le. */
    private final List<Metrics.LabelPair> labels = new ArrayList<>();
    /** Names in {@link #labels}: a set, so a line with very many labels costs linear time, not quadratic. */
    private final Set<String> labelNames = new HashSet<>();

    private double quantile;
    private double bucket;

    private TextFormatParser(byte[] body, NameValidation names) {
        this.s = new TextScanner(body);
        this.quotedNames = names == NameValidation.UTF8;
    }

    /**
     * Parses a whole request body. Families are keyed by name in order of first appearance;
     * families that got HELP or TYPE but no samples are dropped. Label pairs keep the order given
     * in the body.
     */
    public static Map<String, Metrics.MetricFamily> parse(byte[] body) throws BodyParseException {
        return parse(body, NameValidation.CLASSIC);
    }

    /** As {@link #parse(byte[])}, with quoted UTF-8 names allowed in {@link NameValidation#UTF8} mode. */
    public static Map<String, Metrics.MetricFamily> parse(byte[] body, NameValidation names) throws BodyParseException {
        TextFormatParser p = new TextFormatParser(body, names);
        while (p.s.startLine()) {
            if (p.s.cur == '#') {
                p.startComment();
            } else if (p.s.cur != '\n') {
                p.readingMetricName();
            }
        }
        Map<String, Metrics.MetricFamily> result = new LinkedHashMap<>();
        for (ParsedFamily f : p.families.values()) {
            if (!f.metrics.isEmpty()) {
                result.put(f.name, f.build());
            }
        }
        return result;
    }

    private void startComment() throws BodyParseException {
        s.skipBlankTab();
        if (s.cur == '\n') {
            return;
        }
        s.readTokenUntilWhitespace();
        if (s.cur == '\n') {
            return; // "# word" alone is not a syntax error
        }
        boolean help = s.tokenEquals("HELP");
        if (!help && !s.tokenEquals("TYPE")) {
            s.readTokenUntilNewline(); // an ordinary comment
            return;
        }
        s.skipBlankTab();
        String quoted = null;
        if (quotedNames && s.cur == '"') {
            quoted = s.readQuotedName("metric name");
            if (quoted == null) {
                throw s.error("invalid metric name in comment");
            }
        } else {
            s.readTokenAsMetricName();
        }
        if (s.cur == '\n') {
            return; // "# HELP name" without text is not a syntax error (and creates nothing)
        }
        if (!TextScanner.isBlankOrTab(s.cur)) {
            throw s.error("invalid metric name in comment");
        }
        setOrCreateCurrentMF(quoted);
        s.skipBlankTab();
        if (s.cur == '\n') {
            return;
        }
        if (help) {
            readingHelp();
        } else {
            readingType();
        }
    }

    private void readingHelp() throws BodyParseException {
        if (mf.help != null) {
            throw s.error("second HELP line for metric name " + GoQuote.string(mf.name));
        }
        mf.help = s.readHelp();
    }

    private void readingType() throws BodyParseException {
        if (mf.type != null) {
            throw s.error(
                    "second TYPE line for metric name " + GoQuote.string(mf.name) + ", or TYPE reported after samples");
        }
        s.readTokenUntilNewline();
        Metrics.MetricType type = typeNamed(s.tokenAsUtf8());
        if (type == null) {
            throw s.error("unknown metric type " + s.quotedToken());
        }
        mf.type = type;
    }

    /** Go upper-cases the word (Unicode simple case mapping) and looks it up in the proto enum. */
    private static Metrics.MetricType typeNamed(String word) {
        StringBuilder upper = new StringBuilder(word.length());
        word.codePoints().forEach(cp -> upper.appendCodePoint(Character.toUpperCase(cp)));
        switch (upper.toString()) {
            case "COUNTER":
                return Metrics.MetricType.COUNTER;
            case "GAUGE":
                return Metrics.MetricType.GAUGE;
            case "SUMMARY":
                return Metrics.MetricType.SUMMARY;
            case "UNTYPED":
                return Metrics.MetricType.UNTYPED;
            case "HISTOGRAM":
                return Metrics.MetricType.HISTOGRAM;
            case "GAUGE_HISTOGRAM": // the enum name itself, as Go's MetricType_value lookup finds it
            case "GAUGEHISTOGRAM": // the OpenMetrics spelling the newest parser accepts
                return Metrics.MetricType.GAUGE_HISTOGRAM;
            default:
                return null;
        }
    }

    private void readingMetricName() throws BodyParseException {
        boolean inBraces = quotedNames && s.cur == '{';
        if (inBraces) {
            s.skipBlankTab();
        }
        String quoted = null;
        if (quotedNames && s.cur == '"') {
            quoted = s.readQuotedName("metric name");
            if (quoted == null) {
                throw s.error("invalid metric name");
            }
        } else {
            s.readTokenAsMetricName();
            if (s.tokenIsEmpty()) {
                throw s.error("invalid metric name");
            }
        }
        setOrCreateCurrentMF(quoted);
        if (mf.type == null) {
            mf.type = Metrics.MetricType.UNTYPED;
        }
        s.skipBlankTabIfCurrentBlankTab();
        labels.clear();
        labelNames.clear();
        quantile = Double.NaN;
        bucket = Double.NaN;
        if (inBraces) {
            // {"name"} or {"name", label="value", ...}: the name is the first item in the braces.
            if (s.cur == '}') {
                s.skipBlankTab();
            } else if (s.cur == ',') {
                readingLabels();
            } else if (s.cur == '=') {
                throw s.error("invalid metric name"); // a label came first: the line has no name
            } else {
                throw s.error("unexpected end of metric name " + GoQuote.byteLiteral(s.cur));
            }
        } else if (s.cur == '{') {
            readingLabels();
        }
        readingValue();
    }

    /** Go's startLabelName and startLabelValue, looping over the pairs up to the closing brace. */
    private void readingLabels() throws BodyParseException {
        boolean summary = mf.isSummary();
        boolean histogram = mf.isHistogram();
        while (true) {
            s.skipBlankTab();
            if (s.cur == '}') { // also right after a trailing comma
                s.skipBlankTab();
                return;
            }
            String name;
            if (quotedNames && s.cur == '"') {
                name = s.readQuotedName("label name");
                if (name == null) {
                    throw s.error("invalid label name for metric " + GoQuote.string(mf.name));
                }
            } else {
                s.readTokenAsLabelName();
                if (s.tokenIsEmpty()) {
                    throw s.error("invalid label name for metric " + GoQuote.string(mf.name));
                }
                name = s.tokenAsAscii();
            }
            if (name.equals("__name__")) {
                throw s.error("label name \"__name__\" is reserved");
            }
            boolean isQuantile = summary && name.equals("quantile");
            boolean isBucket = histogram && name.equals("le");
            s.skipBlankTabIfCurrentBlankTab();
            if (s.cur != '=') {
                throw s.error("expected '=' after label name, found " + GoQuote.byteLiteral(s.cur));
            }
            if (!isQuantile && !isBucket && !labelNames.add(name)) {
                throw s.error("duplicate label names for metric " + GoQuote.string(mf.name));
            }
            s.skipBlankTab();
            if (s.cur != '"') {
                throw s.error("expected '\"' at start of label value, found " + GoQuote.byteLiteral(s.cur));
            }
            s.readLabelValue();
            if (isQuantile) {
                quantile = labelValueAsFloat("quantile");
            } else if (isBucket) {
                bucket = labelValueAsFloat("le");
            } else {
                labels.add(Metrics.LabelPair.newBuilder()
                        .setName(name)
                        .setValue(s.labelValue())
                        .build());
            }
            s.skipBlankTab();
            if (s.cur == '}') {
                s.skipBlankTab();
                return;
            }
            if (s.cur != ',') {
                throw s.error("unexpected end of label value " + s.quotedLabelValue());
            }
        }
    }

    private double labelValueAsFloat(String label) throws BodyParseException {
        try {
            return s.labelValueAsFloat();
        } catch (NumberFormatException e) {
            throw s.error("expected float as value for '" + label + "' label, got " + s.quotedLabelValue());
        }
    }

    private void readingValue() throws BodyParseException {
        Metrics.Metric.Builder metric = Metrics.Metric.newBuilder();
        if (mf.isSummary() || mf.isHistogram()) {
            // All lines with the same labels (quantile/le aside) build one metric.
            Metrics.Metric.Builder existing = mf.metricFor(signature(), metric);
            if (existing == metric) {
                metric.addAllLabel(labels);
            }
            metric = existing;
        } else {
            metric.addAllLabel(labels);
            mf.metrics.add(metric);
        }
        s.readTokenUntilWhitespace();
        double value;
        try {
            value = s.tokenAsFloat();
        } catch (NumberFormatException e) {
            throw s.error("expected float as value, got " + s.quotedToken());
        }
        if (mf.isHistogram() && value < 0) {
            if (isCount) {
                throw s.error(HistogramPopulations.negativeCount(mf.name, value));
            }
            if (!isSum && !Double.isNaN(bucket)) {
                throw s.error(HistogramPopulations.negativeBucket(mf.name, value));
            }
        }
        SampleValues.apply(mf.type, metric, value, isCount, isSum, quantile, bucket);
        if (s.cur != '\n') {
            startTimestamp(metric);
        }
    }

    private void startTimestamp(Metrics.Metric.Builder metric) throws BodyParseException {
        s.skipBlankTab();
        s.readTokenUntilWhitespace();
        try {
            metric.setTimestampMs(s.tokenAsInt());
        } catch (NumberFormatException e) {
            throw s.error("expected integer as timestamp, got " + s.quotedToken());
        }
        s.readTokenUntilNewline();
        if (!s.tokenIsEmpty()) {
            throw s.error("spurious string after timestamp: " + s.quotedToken());
        }
    }

    /**
     * The family a name belongs to (the quoted name if not null, else the current token). An
     * existing family of that exact name wins; otherwise a {@code _count}/{@code _sum} (or histogram {@code _bucket}) line joins its
     * base family if that was already declared a summary/histogram; otherwise the name gets a new
     * family.
     */
    private void setOrCreateCurrentMF(String quoted) {
        // The answer for a name never changes during a parse: families are never removed, and a
        // family's type, once set, is final (a second TYPE is an error).
        if (lastName != null && (quoted == null ? s.tokenEquals(lastName) : quoted.equals(lastName))) {
            mf = lastFamily;
            isCount = lastIsCount;
            isSum = lastIsSum;
            return;
        }
        String name = quoted != null ? quoted : s.tokenAsAscii();
        isCount = false;
        isSum = false;
        ParsedFamily family = families.get(name);
        if (family == null) {
            boolean count = name.length() > 6 && name.endsWith("_count");
            boolean sum = name.length() > 4 && name.endsWith("_sum");
            if (count || sum) {
                ParsedFamily base = families.get(name.substring(0, name.length() - (count ? 6 : 4)));
                if (base != null && (base.isSummary() || base.isHistogram())) {
                    family = base;
                    isCount = count;
                    isSum = sum;
                }
            } else if (name.length() > 7 && name.endsWith("_bucket")) {
                ParsedFamily base = families.get(name.substring(0, name.length() - 7));
                if (base != null && base.isHistogram()) {
                    family = base;
                }
            }
            if (family == null) {
                family = new ParsedFamily(name);
                families.put(name, family);
            }
        }
        mf = family;
        lastName = name;
        lastFamily = family;
        lastIsCount = isCount;
        lastIsSum = isSum;
    }

    /** Go's LabelsToSignature without the hash: the label set, independent of order. */
    private String signature() {
        int n = labels.size();
        if (n == 0) {
            return "";
        }
        Metrics.LabelPair[] sorted = labels.toArray(new Metrics.LabelPair[n]);
        if (n > 1) {
            Arrays.sort(sorted, BY_NAME);
        }
        StringBuilder sb = new StringBuilder();
        for (Metrics.LabelPair l : sorted) {
            // Length prefixes keep it unambiguous: quoted UTF-8 names may hold '=' and ':' too.
            String name = l.getName();
            String v = l.getValue();
            sb.append(name.length())
                    .append(':')
                    .append(name)
                    .append(v.length())
                    .append(':')
                    .append(v);
        }
        return sb.toString();
    }
}
