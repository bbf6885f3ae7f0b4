package io.pushgateway.cluster.it;

import io.pushgateway.cluster.it.cluster.QuotedLabelValue;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A parsed text-format (0.0.4) scrape: every sample line as a {@link Series}, plus the HELP and
 * TYPE lines by family name. {@link #comparable()} gives the view two gateways must agree on.
 */
final class Exposition {

    /**
     * Families that belong to a gateway itself rather than to what was pushed: they differ between
     * Go and Java by nature (runtime, build, request counters), so comparisons skip them.
     */
    static final List<String> OWN_METRIC_PREFIXES = List.of("go_", "process_", "pushgateway_", "jvm_");

    /** Synthetic per-group families whose values are wall-clock times: only 0 vs. non-zero matters. */
    static final List<String> TIMESTAMP_FAMILIES = List.of("push_time_seconds", "push_failure_time_seconds");

    /** One sample line: metric name, labels sorted by name, and the value exactly as written. */
    record Series(String name, SortedMap<String, String> labels, String value) {

        Series {
            labels = Collections.unmodifiableSortedMap(new TreeMap<>(labels));
        }

        @Override
        public String toString() {
            StringBuilder text = new StringBuilder(name);
            if (!labels.isEmpty()) {
                text.append('{');
                String separator = "";
                for (Map.Entry<String, String> label : labels.entrySet()) {
                    text.append(separator)
                            .append(label.getKey())
                            .append("=\"")
                            .append(escapeLabelValue(label.getValue()))
                            .append('"');
                    separator = ",";
                }
                text.append('}');
            }
            return text.append(' ').append(value).toString();
        }
    }

    /**
     * What two gateways must agree on after the same requests: the series of pushed families (each
     * rendered as one canonical line, timestamp families reduced to 0 / non-zero) and the TYPE and
     * HELP of those families. Series are kept as a sorted multiset rendered into a list.
     */
    record ComparableScrape(List<String> series, SortedMap<String, String> types, SortedMap<String, String> helps) {}

    private final List<Series> series;
    private final Map<String, String> helps;
    private final Map<String, String> types;

    private Exposition(List<Series> series, Map<String, String> helps, Map<String, String> types) {
        this.series = List.copyOf(series);
        this.helps = Collections.unmodifiableMap(helps);
        this.types = Collections.unmodifiableMap(types);
    }

    static Exposition parse(String text) {
        List<Series> series = new ArrayList<>();
        Map<String, String> helps = new LinkedHashMap<>();
        Map<String, String> types = new LinkedHashMap<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            try {
                if (line.isBlank()) {
                    continue;
                }
                if (line.startsWith("# HELP ")) {
                    String rest = line.substring("# HELP ".length());
                    int space = rest.indexOf(' ');
                    String name = space < 0 ? rest : rest.substring(0, space);
                    helps.put(name, space < 0 ? "" : unescapeHelp(rest.substring(space + 1)));
                } else if (line.startsWith("# TYPE ")) {
                    String[] parts = line.substring("# TYPE ".length()).split(" ", 2);
                    types.put(parts[0], parts.length > 1 ? parts[1] : "");
                } else if (!line.startsWith("#")) {
                    series.add(parseSample(line));
                }
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("unparsable scrape line " + (i + 1) + ": " + line, e);
            }
        }
        return new Exposition(series, helps, types);
    }

    List<Series> series() {
        return series;
    }

    Map<String, String> helps() {
        return helps;
    }

    Map<String, String> types() {
        return types;
    }

    /** Series of the given metric name (sample name, e.g. {@code x_bucket} for a histogram). */
    List<Series> series(String name) {
        return series.stream().filter(s -> s.name().equals(name)).toList();
    }

    ComparableScrape comparable() {
        List<String> lines = new ArrayList<>();
        for (Series s : series) {
            if (isOwn(s.name())) {
                continue;
            }
            if (TIMESTAMP_FAMILIES.contains(s.name())) {
                lines.add(new Series(s.name(), s.labels(), isZero(s.value()) ? "0" : "<non-zero>").toString());
            } else {
                lines.add(s.toString());
            }
        }
        Collections.sort(lines);
        return new ComparableScrape(List.copyOf(lines), withoutOwn(types), withoutOwn(helps));
    }

    static boolean isOwn(String name) {
        return OWN_METRIC_PREFIXES.stream().anyMatch(name::startsWith);
    }

    private static SortedMap<String, String> withoutOwn(Map<String, String> byName) {
        SortedMap<String, String> result = new TreeMap<>();
        byName.forEach((name, value) -> {
            if (!isOwn(name)) {
                result.put(name, value);
            }
        });
        return Collections.unmodifiableSortedMap(result);
    }

    private static boolean isZero(String value) {
        try {
            return Double.parseDouble(value) == 0.0;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static Series parseSample(String line) {
        int position = 0;
        int length = line.length();
        while (position < length && line.charAt(position) != '{' && !isBlank(line.charAt(position))) {
            position++;
        }
        String name = line.substring(0, position);
        if (name.isEmpty()) {
            throw new IllegalArgumentException("no metric name");
        }
        SortedMap<String, String> labels = new TreeMap<>();
        if (position < length && line.charAt(position) == '{') {
            position = parseLabels(line, position + 1, labels);
        }
        String[] rest = line.substring(position).trim().split("[ \t]+");
        if (rest.length < 1 || rest[0].isEmpty() || rest.length > 2) {
            throw new IllegalArgumentException("expected value [timestamp] after labels");
        }
        return new Series(name, labels, rest[0]);
    }

    /** Parses {@code name="value",...}} starting after '{'; returns the index after '}'. */
    private static int parseLabels(String line, int position, SortedMap<String, String> labels) {
        while (true) {
            position = skipBlanks(line, position);
            if (line.charAt(position) == '}') {
                return position + 1;
            }
            int equals = line.indexOf('=', position);
            String labelName = line.substring(position, equals).trim();
            position = skipBlanks(line, equals + 1);
            if (line.charAt(position) != '"') {
                throw new IllegalArgumentException("expected '\"' at " + position);
            }
            StringBuilder value = new StringBuilder();
            position = QuotedLabelValue.read(line, position + 1, value);
            if (labels.put(labelName, value.toString()) != null) {
                throw new IllegalArgumentException("label " + labelName + " twice");
            }
            position = skipBlanks(line, position + 1);
            if (line.charAt(position) == ',') {
                position++;
            }
        }
    }

    private static int skipBlanks(String line, int position) {
        while (isBlank(line.charAt(position))) {
            position++;
        }
        return position;
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t';
    }

    private static String unescapeHelp(String help) {
        StringBuilder result = new StringBuilder();
        for (int i = 0; i < help.length(); i++) {
            char c = help.charAt(i);
            if (c == '\\' && i + 1 < help.length()) {
                char next = help.charAt(++i);
                result.append(next == 'n' ? '\n' : next);
            } else {
                result.append(c);
            }
        }
        return result.toString();
    }

    static String escapeLabelValue(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
