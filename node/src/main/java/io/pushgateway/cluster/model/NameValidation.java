package io.pushgateway.cluster.model;

/**
 * Which metric and label names a node accepts: the classic rules, or any UTF-8 name (the
 * {@code --push.enable-utf8-names} flag, as upstream 1.11 has it). The reserved {@code __} prefix of
 * label names is checked by the callers in both modes.
 */
public enum NameValidation {
    /** {@code [a-zA-Z_:][a-zA-Z0-9_:]*} for metrics, {@code [a-zA-Z_][a-zA-Z0-9_]*} for labels. */
    CLASSIC,
    /** Any non-empty name; Java strings hold valid Unicode, the parsers check the bytes. */
    UTF8;

    public static NameValidation of(boolean utf8Names) {
        return utf8Names ? UTF8 : CLASSIC;
    }

    public boolean isValidMetricName(String name) {
        return this == UTF8 ? !name.isEmpty() : Names.isValidMetricName(name);
    }

    public boolean isValidLabelName(String name) {
        return this == UTF8 ? !name.isEmpty() : Names.isValidLabelName(name);
    }

    /**
     * A label name as written in a push URL: in UTF-8 mode it may be in the {@code U__} escaping
     * ({@code U__dotted_2e_name} is {@code dotted.name}); classic mode takes every name literally.
     */
    public String labelNameFromUrl(String name) {
        return this == UTF8 ? EscapingScheme.VALUES.unescape(name) : name;
    }
}
