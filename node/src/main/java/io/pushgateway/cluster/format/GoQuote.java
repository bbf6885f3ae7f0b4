package io.pushgateway.cluster.format;

import java.nio.charset.StandardCharsets;

/**
 * Go's {@code %q} verb, as used in the text parser's error messages. Clients see these messages
 * verbatim in 400 responses, so {@code "1\r"}, {@code "\xff"} and {@code '\n'} must come out
 * byte for byte as the Go Pushgateway writes them.
 */
final class GoQuote {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private GoQuote() {}

    /** {@code %q} of a Go string given as raw bytes (which may be invalid UTF-8). */
    static String string(byte[] b, int from, int to) {
        StringBuilder sb = new StringBuilder(to - from + 2).append('"');
        int i = from;
        while (i < to) {
            long d = Utf8.decode(b, i, to);
            int w = Utf8.width(d);
            int r = Utf8.rune(d);
            if (w == 1 && r == Utf8.RUNE_ERROR) {
                int x = b[i] & 0xFF;
                sb.append("\\x").append(HEX[x >> 4]).append(HEX[x & 0xF]);
            } else {
                escapedRune(sb, r, '"');
            }
            i += w;
        }
        return sb.append('"').toString();
    }

    static String string(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return string(b, 0, b.length);
    }

    /** {@code %q} of a byte: Go formats the integer as a quoted rune literal, e.g. {@code '='}. */
    static String byteLiteral(int b) {
        StringBuilder sb = new StringBuilder(8).append('\'');
        escapedRune(sb, b & 0xFF, '\'');
        return sb.append('\'').toString();
    }

    /** strconv.appendEscapedRune with ASCIIonly=false, graphicOnly=false. */
    private static void escapedRune(StringBuilder sb, int r, char quote) {
        if (r == quote || r == '\\') {
            sb.append('\\').appendCodePoint(r);
            return;
        }
        if (isPrint(r)) {
            sb.appendCodePoint(r);
            return;
        }
        switch (r) {
            case 0x07:
                sb.append("\\a");
                return;
            case '\b':
                sb.append("\\b");
                return;
            case '\f':
                sb.append("\\f");
                return;
            case '\n':
                sb.append("\\n");
                return;
            case '\r':
                sb.append("\\r");
                return;
            case '\t':
                sb.append("\\t");
                return;
            case 0x0B:
                sb.append("\\v");
                return;
            default:
                break;
        }
        if (r < ' ' || r == 0x7F) {
            sb.append("\\x").append(HEX[r >> 4 & 0xF]).append(HEX[r & 0xF]);
        } else if (r < 0x10000) {
            sb.append("\\u");
            for (int s = 12; s >= 0; s -= 4) {
                sb.append(HEX[r >> s & 0xF]);
            }
        } else {
            sb.append("\\U");
            for (int s = 28; s >= 0; s -= 4) {
                sb.append(HEX[r >> s & 0xF]);
            }
        }
    }

    /**
     * Go's unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space.
     * Java's Unicode tables may be a version apart from Go's; that only matters for code points
     * assigned in between.
     */
    private static boolean isPrint(int r) {
        if (r < 0x80) {
            return r >= 0x20 && r < 0x7F;
        }
        switch (Character.getType(r)) {
            case Character.UPPERCASE_LETTER:
            case Character.LOWERCASE_LETTER:
            case Character.TITLECASE_LETTER:
            case Character.MODIFIER_LETTER:
            case Character.OTHER_LETTER:
            case Character.NON_SPACING_MARK:
            case Character.ENCLOSING_MARK:
            case Character.COMBINING_SPACING_MARK:
            case Character.DECIMAL_DIGIT_NUMBER:
            case Character.LETTER_NUMBER:
            case Character.OTHER_NUMBER:
            case Character.CONNECTOR_PUNCTUATION:
            case Character.DASH_PUNCTUATION:
            case Character.START_PUNCTUATION:
            case Character.END_PUNCTUATION:
            case Character.INITIAL_QUOTE_PUNCTUATION:
            case Character.FINAL_QUOTE_PUNCTUATION:
            case Character.OTHER_PUNCTUATION:
            case Character.MATH_SYMBOL:
            case Character.CURRENCY_SYMBOL:
            case Character.MODIFIER_SYMBOL:
            case Character.OTHER_SYMBOL:
                return true;
            default:
                return false;
        }
    }
}
