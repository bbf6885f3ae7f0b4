package io.pushgateway.cluster.model;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Decodes bytes that should be UTF-8 without losing the ones that are not: each byte of an invalid
 * sequence becomes a lone surrogate {@code U+DC00} + the byte (the "surrogateescape" of PEP 383).
 * Replacing them with U+FFFD instead would make different invalid grouping values one group; with
 * the escape a push can still be refused by name of the label, as the Pushgateway does.
 *
 * <p>Valid UTF-8 never decodes to a lone surrogate (Java's decoder, like Go's, refuses encoded
 * surrogates), so an escaped string is recognisable and never equal to a decoded valid one.
 */
public final class Utf8Escapes {
    private static final char ESCAPE_BASE = '\uDC00';

    private Utf8Escapes() {}

    public static String decode(byte[] bytes, int offset, int length) {
        CharsetDecoder decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes, offset, length);
        CharBuffer out = CharBuffer.allocate(length);
        while (true) {
            CoderResult result = decoder.decode(in, out, true);
            if (result.isUnderflow()) {
                break;
            }
            // Every input byte yields at most one char, so the buffer never overflows.
            for (int i = 0; i < result.length(); i++) {
                out.put((char) (ESCAPE_BASE + (in.get() & 0xFF)));
            }
        }
        decoder.flush(out);
        return out.flip().toString();
    }

    /** Whether {@code text} came from valid UTF-8 (holds no escaped byte). */
    public static boolean isValid(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= ESCAPE_BASE && c <= ESCAPE_BASE + 0xFF) {
                return false;
            }
        }
        return true;
    }
}
