package io.pushgateway.cluster.http;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Go's RFC 3339 with nanoseconds: fraction without trailing zeros, none at all when zero. */
final class GoTime {
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");

    private GoTime() {}

    static String rfc3339Nano(long unixNanos) {
        Instant instant = Instant.ofEpochSecond(
                Math.floorDiv(unixNanos, 1_000_000_000L), Math.floorMod(unixNanos, 1_000_000_000L));
        StringBuilder sb = new StringBuilder(SECONDS.format(instant.atOffset(ZoneOffset.UTC)));
        int nanos = instant.getNano();
        if (nanos != 0) {
            String fraction = String.format("%09d", nanos);
            int end = fraction.length();
            while (fraction.charAt(end - 1) == '0') {
                end--;
            }
            sb.append('.').append(fraction, 0, end);
        }
        return sb.append('Z').toString();
    }
}
