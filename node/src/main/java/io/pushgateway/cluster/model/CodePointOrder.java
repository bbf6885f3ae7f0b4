package io.pushgateway.cluster.model;

import java.util.Comparator;

/**
 * Compares strings by Unicode code point, which is the byte order of their UTF-8 encodings. Go
 * sorts by bytes; Java's {@link String#compareTo} sorts by UTF-16 units, which differs for
 * characters outside the Basic Multilingual Plane.
 */
public final class CodePointOrder implements Comparator<String> {
    public static final CodePointOrder INSTANCE = new CodePointOrder();

    private CodePointOrder() {}

    @Override
    public int compare(String a, String b) {
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            char ca = a.charAt(i);
            char cb = b.charAt(i);
            if (ca != cb) {
                // Surrogates (0xD800-0xDFFF) encode code points above 0xFFFF: they must sort after
                // every other BMP character, including 0xE000-0xFFFF.
                boolean sa = Character.isSurrogate(ca);
                boolean sb = Character.isSurrogate(cb);
                if (sa != sb) {
                    return sa ? 1 : -1;
                }
                return Character.compare(ca, cb);
            }
        }
        return Integer.compare(a.length(), b.length());
    }
}
