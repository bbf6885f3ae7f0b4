package io.pushgateway.cluster.model;

/**
 * How names that break the classic rules are shown to a scraper that has not said it reads UTF-8
 * names: the schemes of the {@code escaping=} parameter of {@code Accept} and {@code Content-Type}
 * (prometheus/common {@code model.EscapeName} and {@code UnescapeName}, character for character).
 * Classic names never change, except that {@link #DOTS} doubles underscores in a name it escapes.
 */
public enum EscapingScheme {
    /** No escaping: the scraper reads UTF-8 names (quoted in the text format where needed). */
    ALLOW_UTF8("allow-utf-8"),
    /** Every character the classic rules do not allow becomes {@code _}. */
    UNDERSCORES("underscores"),
    /** {@code .} becomes {@code _dot_}, {@code _} becomes {@code __}, anything else invalid {@code __}. */
    DOTS("dots"),
    /** {@code U__} prefix; {@code _} becomes {@code __}, anything invalid {@code _<hex code point>_}. */
    VALUES("values");

    /** What a scraper gets when it does not ask: upstream's {@code model.NameEscapingScheme}. */
    public static final EscapingScheme DEFAULT = UNDERSCORES;

    private final String parameter;

    EscapingScheme(String parameter) {
        this.parameter = parameter;
    }

    /** The value of the {@code escaping=} parameter naming this scheme. */
    public String parameter() {
        return parameter;
    }

    /** The scheme a parameter value names (exact spelling), or null for an unknown value. */
    public static EscapingScheme fromParameter(String value) {
        for (EscapingScheme scheme : values()) {
            if (scheme.parameter.equals(value)) {
                return scheme;
            }
        }
        return null;
    }

    /** The name as this scheme shows it; classic metric names come back unchanged (but see {@link #DOTS}). */
    public String escape(String name) {
        if (name.isEmpty() || this == ALLOW_UTF8 || (this != DOTS && Names.isValidMetricName(name))) {
            return name;
        }
        StringBuilder sb = new StringBuilder(name.length() + 8);
        if (this == VALUES) {
            sb.append("U__");
        }
        boolean first = true;
        for (int i = 0; i < name.length(); ) {
            int cp = name.codePointAt(i);
            i += Character.charCount(cp);
            boolean classic = isClassicRune(cp, first);
            first = false;
            switch (this) {
                case UNDERSCORES -> sb.append(classic ? Character.toString(cp) : "_");
                case DOTS -> {
                    if (cp == '_') {
                        sb.append("__");
                    } else if (cp == '.') {
                        sb.append("_dot_");
                    } else {
                        sb.append(classic ? Character.toString(cp) : "__");
                    }
                }
                default -> {
                    if (cp == '_') {
                        sb.append("__");
                    } else if (classic) {
                        sb.appendCodePoint(cp);
                    } else if (Character.isSurrogate((char) cp) && cp <= 0xFFFF) {
                        sb.append("_FFFD_"); // an unpaired surrogate: not a valid rune, as Go says
                    } else {
                        sb.append('_').append(Integer.toHexString(cp)).append('_');
                    }
                }
            }
        }
        return sb.toString();
    }

    /**
     * The name this scheme's escaping came from, where that can be told: {@link #VALUES} decodes
     * {@code U__} names, {@link #DOTS} reverses its replacements, the others return the name as
     * given. A malformed {@code U__} name (a lone {@code _}, a bad digit, a code point that is no
     * valid rune, six digits or more) is returned whole, as upstream does.
     */
    public String unescape(String name) {
        switch (this) {
            case DOTS:
                return name.replace("_dot_", ".").replace("__", "_");
            case VALUES:
                return unescapeValues(name);
            default:
                return name;
        }
    }

    private static String unescapeValues(String name) {
        if (!name.startsWith("U__")) {
            return name;
        }
        String escaped = name.substring(3);
        StringBuilder sb = new StringBuilder(escaped.length());
        int i = 0;
        while (i < escaped.length()) {
            char c = escaped.charAt(i++);
            if (c != '_') {
                sb.append(c);
                continue;
            }
            if (i >= escaped.length()) {
                return name;
            }
            if (escaped.charAt(i) == '_') {
                sb.append('_');
                i++;
                continue;
            }
            // Upstream gives up on the sixth digit, before looking for the closing underscore.
            int value = 0;
            int digits = 0;
            while (true) {
                if (i >= escaped.length() || digits >= 6) {
                    return name;
                }
                char d = escaped.charAt(i++);
                if (d == '_') {
                    break;
                }
                int digit = hexDigit(d);
                if (digit < 0) {
                    return name;
                }
                value = value * 16 + digit;
                digits++;
            }
            if (value > Character.MAX_CODE_POINT || (value >= 0xD800 && value <= 0xDFFF)) {
                return name;
            }
            sb.appendCodePoint(value);
        }
        return sb.toString();
    }

    private static int hexDigit(char d) {
        if (d >= '0' && d <= '9') {
            return d - '0';
        }
        char lower = (char) (d | 0x20);
        return lower >= 'a' && lower <= 'f' ? lower - 'a' + 10 : -1;
    }

    /** Go's isValidLegacyRune: a digit is classic everywhere but at the start. */
    private static boolean isClassicRune(int cp, boolean first) {
        return (cp >= 'a' && cp <= 'z')
                || (cp >= 'A' && cp <= 'Z')
                || cp == '_'
                || cp == ':'
                || (cp >= '0' && cp <= '9' && !first);
    }
}
