package io.pushgateway.cluster.it.cluster;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * A text-format (0.0.4) scrape as Prometheus reads it: the samples, the declared types, and every
 * reason Prometheus' text parser would refuse the whole scrape (unparsable line, a second TYPE
 * line for a name, a family split over several blocks, a repeated series).
 */
public final class Scrape {

    /** Families a node serves about itself; in a cluster they belong on the node path, not here. */
    public static final List<String> NODE_OWN_PREFIXES = List.of("pushgateway_", "jvm_", "process_");

    public record Sample(String name, SortedMap<String, String> labels, String value) {

        public double number() {
            return Double.parseDouble(value);
        }
    }

    private final List<Sample> samples;
    private final Map<String, String> types;
    private final List<String> problems;

    private Scrape(List<Sample> samples, Map<String, String> types, List<String> problems) {
        this.samples = List.copyOf(samples);
        this.types = Collections.unmodifiableMap(types);
        this.problems = List.copyOf(problems);
    }

    public static Scrape parse(String text) {
        List<Sample> samples = new ArrayList<>();
        Map<String, String> types = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        Set<String> closedFamilies = new HashSet<>();
        Set<String> seriesSeen = new HashSet<>();
        String current = null;
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.isBlank()) {
                continue;
            }
            try {
                String family;
                if (line.startsWith("# TYPE ") || line.startsWith("# HELP ")) {
                    String[] parts = line.substring(7).split(" ", 2);
                    family = parts[0];
                    if (line.startsWith("# TYPE ") && types.put(family, parts.length > 1 ? parts[1] : "") != null) {
                        problems.add("line " + (i + 1) + ": second TYPE line for " + family);
                    }
                } else if (line.startsWith("#")) {
                    continue;
                } else {
                    Sample sample = parseSample(line);
                    samples.add(sample);
                    if (!seriesSeen.add(sample.name() + sample.labels())) {
                        problems.add("line " + (i + 1) + ": repeated series " + line);
                    }
                    family = belongsTo(sample.name(), current, types) ? current : sample.name();
                }
                if (!family.equals(current)) {
                    if (current != null) {
                        closedFamilies.add(current);
                    }
                    if (closedFamilies.contains(family)) {
                        problems.add("line " + (i + 1) + ": family " + family + " continues in a second block");
                    }
                    current = family;
                }
            } catch (RuntimeException e) {
                problems.add("line " + (i + 1) + " unparsable (" + e.getMessage() + "): " + line);
            }
        }
        return new Scrape(samples, types, problems);
    }

    /** Whether a sample named {@code name} continues the family {@code current}. */
    private static boolean belongsTo(String name, String current, Map<String, String> types) {
        if (current == null) {
            return false;
        }
        if (name.equals(current)) {
            return true;
        }
        String type = types.getOrDefault(current, "untyped");
        if (type.equals("summary")) {
            return name.equals(current + "_sum") || name.equals(current + "_count");
        }
        if (type.equals("histogram")) {
            return name.equals(current + "_sum") || name.equals(current + "_count") || name.equals(current + "_bucket");
        }
        return false;
    }

    /** The body without the node's own families: what was pushed, which must match across nodes. */
    public static String pushedPart(String text) {
        return text.lines()
                .filter(line -> !isNodeOwn(familyNameOf(line)))
                .map(line -> line + "\n")
                .collect(Collectors.joining());
    }

    private static String familyNameOf(String line) {
        if (line.startsWith("# TYPE ") || line.startsWith("# HELP ")) {
            String rest = line.substring(7);
            int space = rest.indexOf(' ');
            return space < 0 ? rest : rest.substring(0, space);
        }
        int end = 0;
        while (end < line.length() && line.charAt(end) != '{' && line.charAt(end) != ' ') {
            end++;
        }
        return line.substring(0, end);
    }

    public static boolean isNodeOwn(String name) {
        return NODE_OWN_PREFIXES.stream().anyMatch(name::startsWith);
    }

    public List<Sample> samples() {
        return samples;
    }

    public Map<String, String> types() {
        return types;
    }

    /** Reasons Prometheus would refuse this scrape; empty if it would accept it. */
    public List<String> problems() {
        return problems;
    }

    /** Names of families this scrape declares or has samples of. */
    public Set<String> familyNames() {
        Set<String> names = new HashSet<>(types.keySet());
        samples.forEach(s -> names.add(s.name()));
        return names;
    }

    /** Samples of metric {@code name} whose labels include all of {@code labels}. */
    public List<Sample> samples(String name, Map<String, String> labels) {
        return samples.stream()
                .filter(s -> s.name().equals(name) && s.labels().entrySet().containsAll(labels.entrySet()))
                .toList();
    }

    /**
     * Values of metric {@code name} in groups of job {@code job}, by the group's instance label; the
     * form every continuous-push test uses.
     */
    public Map<String, Double> valuesByInstance(String name, String job) {
        Map<String, Double> values = new HashMap<>();
        for (Sample s : samples(name, Map.of("job", job))) {
            values.put(s.labels().get("instance"), s.number());
        }
        return values;
    }

    /** Samples whose labels include {@code labels}, by metric name (any value of a group, say). */
    public Map<String, String> valuesByName(Map<String, String> labels) {
        Map<String, String> result = new TreeMap<>();
        for (Sample s : samples) {
            if (s.labels().entrySet().containsAll(labels.entrySet())) {
                result.put(s.name(), s.value());
            }
        }
        return result;
    }

    private static Sample parseSample(String line) {
        int position = 0;
        while (position < line.length() && line.charAt(position) != '{' && line.charAt(position) != ' ') {
            position++;
        }
        String name = line.substring(0, position);
        if (name.isEmpty()) {
            throw new IllegalArgumentException("no metric name");
        }
        SortedMap<String, String> labels = new TreeMap<>();
        if (position < line.length() && line.charAt(position) == '{') {
            position = parseLabels(line, position + 1, labels);
        }
        String[] rest = line.substring(position).trim().split("[ \t]+");
        if (rest.length < 1 || rest[0].isEmpty() || rest.length > 2) {
            throw new IllegalArgumentException("expected value [timestamp]");
        }
        Double.parseDouble(rest[0].replace("Inf", "Infinity"));
        return new Sample(name, labels, rest[0]);
    }

    /** Parses {@code name="value",...}} from just after '{'; returns the index after '}'. */
    private static int parseLabels(String line, int position, SortedMap<String, String> labels) {
        while (true) {
            if (line.charAt(position) == '}') {
                return position + 1;
            }
            int equals = line.indexOf('=', position);
            String labelName = line.substring(position, equals);
            position = equals + 1;
            if (line.charAt(position) != '"') {
                throw new IllegalArgumentException("expected '\"' after " + labelName + "=");
            }
            StringBuilder value = new StringBuilder();
            position = QuotedLabelValue.read(line, position + 1, value);
            if (labels.put(labelName, value.toString()) != null) {
                throw new IllegalArgumentException("label " + labelName + " twice");
            }
            position++;
            if (line.charAt(position) == ',') {
                position++;
            }
        }
    }
}
