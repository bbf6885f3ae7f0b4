package io.pushgateway.cluster.http;

import io.pushgateway.cluster.model.Utf8Escapes;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Decodes a request path as Go's server does before routing: every {@code %XX} becomes its byte
 * (so {@code %2F} splits a segment), {@code +} stays a plus, a malformed escape is an error.
 * Bytes that are not UTF-8 are kept as {@link Utf8Escapes}.
 */
final class PercentDecoder {
    private PercentDecoder() {}

    /** The decoded path, or null if an escape is malformed. */
    static String decode(String rawPath) {
        if (rawPath.indexOf('%') < 0) {
            return rawPath;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(rawPath.length());
        byte[] bytes = rawPath.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            byte b = bytes[i];
            if (b != '%') {
                out.write(b);
                continue;
            }
            if (i + 2 >= bytes.length) {
                return null;
            }
            int hi = Character.digit(bytes[i + 1], 16);
            int lo = Character.digit(bytes[i + 2], 16);
            if (hi < 0 || lo < 0) {
                return null;
            }
            out.write(hi * 16 + lo);
            i += 2;
        }
        // Escaped bytes that are not UTF-8 stay recognisable, so that a push can be refused for them.
        byte[] decoded = out.toByteArray();
        return Utf8Escapes.decode(decoded, 0, decoded.length);
    }
}
