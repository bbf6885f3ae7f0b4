package io.pushgateway.cluster.model;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as Prometheus writes them: {@code 1h30m}, {@code 5m}, {@code 10s}, {@code 250ms},
 * {@code 2d}, {@code 1w}, {@code 1y}, or {@code 0}. Units from largest to smallest, each at most
 * once.
 */
public final class PromDuration {
    private static final Pattern FORMAT =
            Pattern.compile("^(?:(\\d+)y)?(?:(\\d+)w)?(?:(\\d+)d)?(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?(?:(\\d+)ms)?$");
    private static final long[] UNIT_MILLIS = {
        365L * 24 * 3600 * 1000, 7L * 24 * 3600 * 1000, 24L * 3600 * 1000, 3600L * 1000, 60L * 1000, 1000L, 1L
    };

    private PromDuration() {}

    public static Duration parse(String text) {
        if (text.equals("0")) {
            return Duration.ZERO;
        }
        Matcher m = FORMAT.matcher(text);
        if (text.isEmpty() || !m.matches()) {
            throw new IllegalArgumentException("not a valid duration string: \"" + text + "\"");
        }
        long millis = 0;
        for (int i = 0; i < UNIT_MILLIS.length; i++) {
            String group = m.group(i + 1);
            if (group != null) {
                millis = Math.addExact(millis, Math.multiplyExact(Long.parseLong(group), UNIT_MILLIS[i]));
            }
        }
        return Duration.ofMillis(millis);
    }

    /** The shortest Prometheus spelling of a duration, as Go's model.Duration prints it. */
    public static String format(Duration duration) {
        long millis = duration.toMillis();
        if (millis == 0) {
            return "0s";
        }
        StringBuilder sb = new StringBuilder();
        String[] units = {"y", "w", "d", "h", "m", "s", "ms"};
        for (int i = 0; i < UNIT_MILLIS.length; i++) {
            long count = millis / UNIT_MILLIS[i];
            if (count > 0) {
                sb.append(count).append(units[i]);
                millis -= count * UNIT_MILLIS[i];
            }
        }
        return sb.toString();
    }
}
