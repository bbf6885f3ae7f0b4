package io.pushgateway.cluster.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An immutable set of label pairs, sorted by name in UTF-8 byte order (which is Unicode code point
 * order). Names are unique. This is the form in which labels are compared, hashed and rendered.
 */
public final class Labels {
    public static final Labels EMPTY = new Labels(new String[0], new String[0]);

    private final String[] names;
    private final String[] values;
    private final int hash;

    private Labels(String[] names, String[] values) {
        this.names = names;
        this.values = values;
        this.hash = 31 * Arrays.hashCode(names) + Arrays.hashCode(values);
    }

    /** Later entries of the same name win, as for duplicate pairs in a push URL. */
    public static Labels of(Map<String, String> pairs) {
        TreeMap<String, String> sorted = new TreeMap<>(CodePointOrder.INSTANCE);
        sorted.putAll(pairs);
        return fromSorted(sorted);
    }

    public static Labels of(String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("odd number of names and values");
        }
        TreeMap<String, String> sorted = new TreeMap<>(CodePointOrder.INSTANCE);
        for (int i = 0; i < namesAndValues.length; i += 2) {
            sorted.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return fromSorted(sorted);
    }

    private static Labels fromSorted(TreeMap<String, String> sorted) {
        String[] names = sorted.keySet().toArray(new String[0]);
        String[] values = sorted.values().toArray(new String[0]);
        return new Labels(names, values);
    }

    public int size() {
        return names.length;
    }

    public String name(int i) {
        return names[i];
    }

    public String value(int i) {
        return values[i];
    }

    /** The value of the label, or null if there is none. */
    public String get(String name) {
        for (int i = 0; i < names.length; i++) {
            if (names[i].equals(name)) {
                return values[i];
            }
        }
        return null;
    }

    public Map<String, String> asMap() {
        TreeMap<String, String> map = new TreeMap<>(CodePointOrder.INSTANCE);
        for (int i = 0; i < names.length; i++) {
            map.put(names[i], values[i]);
        }
        return map;
    }

    public List<String> names() {
        return List.of(names);
    }

    /** This set with the given pair added or its value replaced. */
    public Labels with(String name, String value) {
        Map<String, String> map = asMap();
        map.put(name, value);
        return of(map);
    }

    /**
     * The order of series inside a family on the Pushgateway's scrape: fewer labels first, then
     * label values compared position by position. Names are not compared (upstream quirk).
     */
    public static int compareForExposition(Labels a, Labels b) {
        if (a.names.length != b.names.length) {
            return Integer.compare(a.names.length, b.names.length);
        }
        for (int i = 0; i < a.values.length; i++) {
            int c = CodePointOrder.INSTANCE.compare(a.values[i], b.values[i]);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Labels other
                && hash == other.hash
                && Arrays.equals(names, other.names)
                && Arrays.equals(values, other.values);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        List<String> pairs = new ArrayList<>(names.length);
        for (int i = 0; i < names.length; i++) {
            pairs.add(names[i] + "=\"" + values[i] + "\"");
        }
        return "{" + String.join(",", pairs) + "}";
    }
}
