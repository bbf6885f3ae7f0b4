package io.pushgateway.cluster.model;

import java.nio.charset.StandardCharsets;

/**
 * Decodes the base64 of push URLs as the Pushgateway does: the URL-safe alphabet, every trailing
 * {@code =} stripped first (so {@code =} alone is the empty string), no padding required, trailing
 * bits not checked, CR and LF skipped.
 */
public final class LenientBase64 {
    private static final int[] DECODE = new int[128];

    static {
        java.util.Arrays.fill(DECODE, -1);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        for (int i = 0; i < alphabet.length(); i++) {
            DECODE[alphabet.charAt(i)] = i;
        }
    }

    private LenientBase64() {}

    /** Thrown with Go's message ({@code illegal base64 data at input byte N}) and the partial output. */
    public static final class InvalidBase64Exception extends Exception {
        private final String partial;

        InvalidBase64Exception(int offset, String partial) {
            super("illegal base64 data at input byte " + offset, null, false, false);
            this.partial = partial;
        }

        /** What was decoded before the error; the Pushgateway names it in the job error message. */
        public String partial() {
            return partial;
        }
    }

    public static String decode(String encoded) throws InvalidBase64Exception {
        int end = encoded.length();
        while (end > 0 && encoded.charAt(end - 1) == '=') {
            end--;
        }
        byte[] out = new byte[end * 3 / 4 + 3];
        int written = 0;
        int buffer = 0;
        int bits = 0;
        int quantumStart = 0;
        int inQuantum = 0;
        for (int i = 0; i < end; i++) {
            char c = encoded.charAt(i);
            if (c == '\r' || c == '\n') {
                continue;
            }
            int v = c < 128 ? DECODE[c] : -1;
            if (v < 0) {
                throw new InvalidBase64Exception(i, partial(out, written));
            }
            if (inQuantum == 0) {
                quantumStart = i;
            }
            inQuantum = (inQuantum + 1) % 4;
            buffer = (buffer << 6) | v;
            bits += 6;
            if (bits >= 8) {
                bits -= 8;
                out[written++] = (byte) (buffer >> bits);
                buffer &= (1 << bits) - 1;
            }
        }
        if (inQuantum == 1) {
            // A single character cannot encode a byte; Go reports the start of that quantum.
            throw new InvalidBase64Exception(quantumStart, partial(out, written));
        }
        // Invalid UTF-8 stays recognisable, so that the push can be refused (see GroupKeyPath).
        return Utf8Escapes.decode(out, 0, written);
    }

    private static String partial(byte[] out, int written) {
        // Go decodes in quanta of four characters: bytes of an unfinished quantum are not output.
        int complete = written - written % 3;
        return new String(out, 0, complete, StandardCharsets.UTF_8);
    }
}
