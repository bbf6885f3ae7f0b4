package io.pushgateway.cluster.model;

/**
 * The grouping key of a group: the exact label pairs of the push URL, always including {@code job}.
 * {@code {job="a"}} and {@code {job="a",instance=""}} are different groups.
 */
public final class GroupKey {
    private final Labels labels;
    private final String id;

    private GroupKey(Labels labels) {
        this.labels = labels;
        this.id = encodeId(labels);
    }

    public static GroupKey of(Labels labels) {
        if (labels.get("job") == null) {
            throw new IllegalArgumentException("a grouping key needs a job label: " + labels);
        }
        return new GroupKey(labels);
    }

    public static GroupKey of(String... namesAndValues) {
        return of(Labels.of(namesAndValues));
    }

    /** The inverse of {@link #id()}. */
    public static GroupKey fromId(String id) {
        String[] parts = new String[countPairs(id) * 2];
        int pos = 0;
        for (int i = 0; i < parts.length; i++) {
            int colon = id.indexOf(':', pos);
            int length = Integer.parseInt(id, pos, colon, 10);
            parts[i] = id.substring(colon + 1, colon + 1 + length);
            // Every node keeps a key per group: label names and job names repeat across groups,
            // and one shared copy of each saves about a tenth of a small group's heap.
            if (i % 2 == 0 || parts[i - 1].equals("job")) {
                parts[i] = parts[i].intern();
            }
            pos = colon + 1 + length;
        }
        return of(parts);
    }

    public Labels labels() {
        return labels;
    }

    public String job() {
        return labels.get("job");
    }

    /**
     * A string that identifies the group unambiguously whatever characters its values hold: each
     * name and value is written as {@code <length>:<text>}. Used as the key of the cluster map.
     */
    public String id() {
        return id;
    }

    /**
     * The labels of the group's own series (push_time_seconds and friends): the grouping labels
     * plus {@code instance=""} when the key has no instance.
     */
    public Labels seriesLabels() {
        return labels.get("instance") == null ? labels.with("instance", "") : labels;
    }

    private static String encodeId(Labels labels) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < labels.size(); i++) {
            appendCounted(sb, labels.name(i));
            appendCounted(sb, labels.value(i));
        }
        return sb.toString();
    }

    private static void appendCounted(StringBuilder sb, String s) {
        sb.append(s.length()).append(':').append(s);
    }

    private static int countPairs(String id) {
        int pos = 0;
        int fields = 0;
        while (pos < id.length()) {
            int colon = id.indexOf(':', pos);
            pos = colon + 1 + Integer.parseInt(id, pos, colon, 10);
            fields++;
        }
        return fields / 2;
    }

    /** The label pairs in the URL form, for logs and error messages. */
    @Override
    public String toString() {
        return labels.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GroupKey other && labels.equals(other.labels);
    }

    @Override
    public int hashCode() {
        return labels.hashCode();
    }
}
