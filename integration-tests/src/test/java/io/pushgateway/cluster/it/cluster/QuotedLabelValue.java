package io.pushgateway.cluster.it.cluster;

/** The quoted label value of a text-format line, unescaped as the format escapes it. */
public final class QuotedLabelValue {

    private QuotedLabelValue() {}

    /**
     * Appends the value starting at {@code position} (just after the opening quote) to {@code value},
     * undoing {@code \\}, {@code \"} and {@code \n}; returns the index of the closing quote.
     */
    public static int read(String line, int position, StringBuilder value) {
        while (line.charAt(position) != '"') {
            char c = line.charAt(position);
            if (c == '\\') {
                char next = line.charAt(position + 1);
                value.append(next == 'n' ? '\n' : next);
                position += 2;
            } else {
                value.append(c);
                position++;
            }
        }
        return position;
    }
}
