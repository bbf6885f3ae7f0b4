package io.pushgateway.cluster.model;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads a grouping key from the parts of a push URL: {@code /metrics/job/<job>{/<name>/<value>}}
 * or {@code /metrics/job@base64/<job>...}, with {@code <name>@base64} for base64 values. Errors
 * carry the Pushgateway's messages, in its order of checks.
 */
public final class GroupKeyPath {
    private GroupKeyPath() {}

    public static class InvalidGroupKeyException extends Exception {
        public InvalidGroupKeyException(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * A job or label value that is not valid UTF-8 (raw bytes from base64 or a percent escape). The
     * Pushgateway refuses such a push at its consistency check, after every other URL error; no
     * group can hold such a key, so a delete of it has nothing to delete.
     */
    public static final class NotUtf8Exception extends InvalidGroupKeyException {
        public NotUtf8Exception(String labelName) {
            super("grouping key has a label named \"" + labelName + "\" whose value is not utf8");
        }
    }

    /**
     * @param job the percent-decoded job segment
     * @param jobIsBase64 whether the route was {@code job@base64}
     * @param labelPart the percent-decoded rest of the path after the job segment, starting with
     *     {@code /}, or empty
     */
    public static GroupKey parse(String job, boolean jobIsBase64, String labelPart) throws InvalidGroupKeyException {
        return parse(job, jobIsBase64, labelPart, NameValidation.CLASSIC);
    }

    /**
     * As {@link #parse(String, boolean, String)}, with label names checked by {@code names}; in
     * UTF-8 mode a name may be written in the {@code U__} escaping, also before {@code @base64}.
     */
    public static GroupKey parse(String job, boolean jobIsBase64, String labelPart, NameValidation names)
            throws InvalidGroupKeyException {
        if (jobIsBase64) {
            try {
                job = LenientBase64.decode(job);
            } catch (LenientBase64.InvalidBase64Exception e) {
                throw new InvalidGroupKeyException(
                        "invalid base64 encoding in job name \"" + e.partial() + "\": " + e.getMessage());
            }
        }
        Map<String, String> labels = splitLabels(labelPart, names);
        if (job.isEmpty()) {
            throw new InvalidGroupKeyException("job name is required");
        }
        // The job of the URL always wins over a job pair in the label part.
        labels.put("job", job);
        for (Map.Entry<String, String> label : labels.entrySet()) {
            if (!Utf8Escapes.isValid(label.getValue())) {
                throw new NotUtf8Exception(label.getKey());
            }
        }
        return GroupKey.of(Labels.of(labels));
    }

    static Map<String, String> splitLabels(String labelPart, NameValidation names) throws InvalidGroupKeyException {
        Map<String, String> labels = new LinkedHashMap<>();
        if (labelPart.isEmpty() || labelPart.equals("/")) {
            return labels;
        }
        // Split keeps empty components, as Go's strings.Split does: "/a/b/" has three.
        String[] components = labelPart.substring(1).split("/", -1);
        if (components.length % 2 != 0) {
            throw new InvalidGroupKeyException("odd number of components in label string \"" + labelPart + "\"");
        }
        for (int i = 0; i < components.length; i += 2) {
            String name = components[i];
            String value = components[i + 1];
            boolean base64 = name.endsWith("@base64");
            if (base64) {
                name = name.substring(0, name.length() - "@base64".length());
            }
            // Upstream checks the reserved prefix on the name as written, so U__ names pass it.
            String unescaped = names.labelNameFromUrl(name);
            if (!names.isValidLabelName(unescaped) || !Utf8Escapes.isValid(unescaped) || name.startsWith("__")) {
                throw new InvalidGroupKeyException("improper label name \"" + name + "\"");
            }
            if (base64) {
                try {
                    value = LenientBase64.decode(value);
                } catch (LenientBase64.InvalidBase64Exception e) {
                    throw new InvalidGroupKeyException("invalid base64 encoding for label " + name + "=\""
                            + components[i + 1] + "\": " + e.getMessage());
                }
            }
            labels.put(unescaped, value);
        }
        return labels;
    }
}
