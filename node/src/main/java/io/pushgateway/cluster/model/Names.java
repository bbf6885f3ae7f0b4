package io.pushgateway.cluster.model;

/** The classic (non-UTF-8) Prometheus rules for metric and label names. */
public final class Names {
    private Names() {}

    /** {@code [a-zA-Z_:][a-zA-Z0-9_:]*} */
    public static boolean isValidMetricName(String name) {
        return isValid(name, true);
    }

    /** {@code [a-zA-Z_][a-zA-Z0-9_]*} */
    public static boolean isValidLabelName(String name) {
        return isValid(name, false);
    }

    private static boolean isValid(String name, boolean colonAllowed) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || c == '_'
                    || (colonAllowed && c == ':')
                    || (i > 0 && c >= '0' && c <= '9');
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
