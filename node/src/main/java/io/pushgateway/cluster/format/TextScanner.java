package io.pushgateway.cluster.format;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The byte-reading half of {@link TextFormatParser}: Go's TextParser primitives (skipBlankTab,
 * readTokenUntilWhitespace, readTokenAsMetricName, readTokenAsLabelValue, ...) over a byte array,
 * with the same notion of "current byte" and line number. Tokens are index ranges into the input;
 * only unescaping copies bytes. Running out of input anywhere but at the start of a line is an
 * error, as it is in Go.
 */
final class TextScanner {
    private final byte[] in;
    /** Index of the next unread byte. */
    private int pos;
    /** Go's lineCount: the 1-based line being parsed. */
    private int line;
    /** Go's currentByte: the byte read last, 0..255. */
    int cur;

    /** The last token read is {@code in[tokenStart, tokenEnd)}. */
    private int tokenStart;

    private int tokenEnd;

    /** The last label value, unescaped: in the input itself, or copied to scratch. */
    private byte[] valueBuf;

    private int valueFrom;
    private int valueTo;
    private byte[] scratch = new byte[64];
    private int scratchLen;

    TextScanner(byte[] in) {
        this.in = in;
    }

    /** Go's startOfLine prologue; false at the end of the input, the only legitimate place for it. */
    boolean startLine() {
        line++;
        do {
            if (pos >= in.length) {
                return false;
            }
            cur = in[pos++] & 0xFF;
        } while (isBlankOrTab(cur));
        return true;
    }

    void next() throws BodyParseException {
        if (pos >= in.length) {
            throw error("unexpected end of input stream");
        }
        cur = in[pos++] & 0xFF;
    }

    void skipBlankTab() throws BodyParseException {
        do {
            next();
        } while (isBlankOrTab(cur));
    }

    void skipBlankTabIfCurrentBlankTab() throws BodyParseException {
        if (isBlankOrTab(cur)) {
            skipBlankTab();
        }
    }

    /** From cur up to a blank, tab or newline, which is left in cur. */
    void readTokenUntilWhitespace() throws BodyParseException {
        tokenStart = pos - 1;
        while (!isBlankOrTab(cur) && cur != '\n') {
            next();
        }
        tokenEnd = pos - 1;
    }

    /** From cur up to the newline, trailing blanks included; cur is then the newline. */
    void readTokenUntilNewline() throws BodyParseException {
        tokenStart = pos - 1;
        while (cur != '\n') {
            next();
        }
        tokenEnd = pos - 1;
    }

    /** Legacy {@code [a-zA-Z_:][a-zA-Z0-9_:]*}; an empty token if cur cannot start one. */
    void readTokenAsMetricName() throws BodyParseException {
        tokenStart = pos - 1;
        if (isLabelNameStart(cur) || cur == ':') {
            do {
                next();
            } while (isLabelNameStart(cur) || isDigit(cur) || cur == ':');
        }
        tokenEnd = pos - 1;
    }

    /** Legacy {@code [a-zA-Z_][a-zA-Z0-9_]*}; an empty token if cur cannot start one. */
    void readTokenAsLabelName() throws BodyParseException {
        tokenStart = pos - 1;
        if (isLabelNameStart(cur)) {
            do {
                next();
            } while (isLabelNameStart(cur) || isDigit(cur));
        }
        tokenEnd = pos - 1;
    }

    /**
     * A quoted name, UTF-8 mode only: from the opening quote in cur to the closing one, unescaping
     * {@code \\ \" \n} as the newest Go parser does; cur is then the byte after the closing quote.
     *
     * @param what {@code metric name} or {@code label name}, for the error messages
     * @return the name, or null if it is empty or not valid UTF-8
     */
    String readQuotedName(String what) throws BodyParseException {
        scratchLen = 0;
        unescapeUntilQuote(what, false);
        next();
        if (scratchLen == 0 || !Utf8.isValid(scratch, 0, scratchLen)) {
            return null;
        }
        return new String(scratch, 0, scratchLen, StandardCharsets.UTF_8);
    }

    boolean tokenIsEmpty() {
        return tokenEnd == tokenStart;
    }

    boolean tokenEquals(String ascii) {
        if (tokenEnd - tokenStart != ascii.length()) {
            return false;
        }
        for (int i = 0; i < ascii.length(); i++) {
            if (in[tokenStart + i] != ascii.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** For names, which the legacy grammar keeps ASCII. */
    String tokenAsAscii() {
        return new String(in, tokenStart, tokenEnd - tokenStart, StandardCharsets.ISO_8859_1);
    }

    String tokenAsUtf8() {
        return new String(in, tokenStart, tokenEnd - tokenStart, StandardCharsets.UTF_8);
    }

    String quotedToken() {
        return GoQuote.string(in, tokenStart, tokenEnd);
    }

    double tokenAsFloat() {
        return GoStrconv.parseFloat(in, tokenStart, tokenEnd);
    }

    long tokenAsInt() {
        return GoStrconv.parseInt(in, tokenStart, tokenEnd);
    }

    /**
     * The rest of the line as HELP text. Only {@code \\} and {@code \n} are escapes: 1.5.1
     * refuses {@code \"} here (newer Go versions accept it).
     */
    String readHelp() throws BodyParseException {
        scratchLen = 0;
        boolean escaped = false;
        while (true) {
            if (escaped) {
                if (cur == '\\') {
                    put('\\');
                } else if (cur == 'n') {
                    put('\n');
                } else {
                    throw invalidEscape();
                }
                escaped = false;
            } else if (cur == '\n') {
                break;
            } else if (cur == '\\') {
                escaped = true;
            } else {
                put(cur);
            }
            next();
        }
        // Go keeps invalid UTF-8 in help strings as raw bytes; a Java String cannot, so such bytes
        // become U+FFFD here.
        return new String(scratch, 0, scratchLen, StandardCharsets.UTF_8);
    }

    /**
     * Reads a label value from the byte after the opening quote (in cur) to the closing quote,
     * unescaping {@code \\ \" \n}, and checks that it is valid UTF-8.
     */
    void readLabelValue() throws BodyParseException {
        int start = pos;
        while (true) {
            next();
            if (cur == '"') {
                valueBuf = in;
                valueFrom = start;
                valueTo = pos - 1;
                break;
            }
            if (cur == '\\') {
                readEscapedLabelValue(start);
                break;
            }
            if (cur == '\n') {
                throw error("label value " + GoQuote.string(in, start, pos - 1) + " contains unescaped new-line");
            }
        }
        if (!Utf8.isValid(valueBuf, valueFrom, valueTo)) {
            throw error("invalid label value " + quotedLabelValue());
        }
    }

    /** The slow path once a backslash shows up: copy what we have, then unescape into scratch. */
    private void readEscapedLabelValue(int start) throws BodyParseException {
        scratchLen = 0;
        for (int i = start; i < pos - 1; i++) {
            put(in[i]);
        }
        unescapeUntilQuote("label value", true);
        valueBuf = scratch;
        valueFrom = 0;
        valueTo = scratchLen;
    }

    /**
     * Appends the rest of a quoted string to scratch, unescaping {@code \\ \" \n} as Go does, up to
     * the closing quote, which is then in cur.
     *
     * @param what what the string is, for the error messages
     * @param escaped whether the byte before the first one read was an opening backslash
     */
    private void unescapeUntilQuote(String what, boolean escaped) throws BodyParseException {
        while (true) {
            next();
            if (escaped) {
                if (cur == '"' || cur == '\\') {
                    put(cur);
                } else if (cur == 'n') {
                    put('\n');
                } else {
                    throw invalidEscape();
                }
                escaped = false;
            } else if (cur == '"') {
                return;
            } else if (cur == '\n') {
                throw error(what + " " + GoQuote.string(scratch, 0, scratchLen) + " contains unescaped new-line");
            } else if (cur == '\\') {
                escaped = true;
            } else {
                put(cur);
            }
        }
    }

    String labelValue() {
        return new String(valueBuf, valueFrom, valueTo - valueFrom, StandardCharsets.UTF_8);
    }

    String quotedLabelValue() {
        return GoQuote.string(valueBuf, valueFrom, valueTo);
    }

    double labelValueAsFloat() {
        return GoStrconv.parseFloat(valueBuf, valueFrom, valueTo);
    }

    BodyParseException error(String message) {
        return new BodyParseException("text format parsing error in line " + line + ": " + message);
    }

    private BodyParseException invalidEscape() {
        // Go formats the byte with %c, i.e. as the code point of the same number.
        return error("invalid escape sequence '\\" + (char) cur + "'");
    }

    private void put(int b) {
        if (scratchLen == scratch.length) {
            scratch = Arrays.copyOf(scratch, scratch.length * 2);
        }
        scratch[scratchLen++] = (byte) b;
    }

    static boolean isBlankOrTab(int b) {
        return b == ' ' || b == '\t';
    }

    private static boolean isLabelNameStart(int b) {
        return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || b == '_';
    }

    private static boolean isDigit(int b) {
        return b >= '0' && b <= '9';
    }
}
