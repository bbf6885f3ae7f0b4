package io.pushgateway.cluster.store;

import io.pushgateway.cluster.model.PromDuration;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * How long a group lives without another successful push. A push may ask for its own time to live;
 * otherwise the first rule whose pattern matches the whole job name decides; otherwise the default.
 * Zero means the group lives until deleted, as on the Go Pushgateway.
 */
public record TtlPolicy(Duration defaultTtl, List<Rule> rules) {
    public static final TtlPolicy NEVER = new TtlPolicy(Duration.ZERO, List.of());

    /** Jobs whose whole name matches the pattern get this time to live. */
    public record Rule(Pattern jobPattern, Duration ttl) {
        /** Reads {@code REGEX=DURATION}; the pattern may itself contain {@code =}. */
        public static Rule parse(String text) {
            int eq = text.lastIndexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("a TTL rule is REGEX=DURATION: \"" + text + "\"");
            }
            try {
                return new Rule(Pattern.compile(text.substring(0, eq)), PromDuration.parse(text.substring(eq + 1)));
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException(
                        "invalid job pattern in TTL rule \"" + text + "\": " + e.getDescription());
            }
        }

        @Override
        public String toString() {
            return jobPattern.pattern() + "=" + PromDuration.format(ttl);
        }
    }

    /**
     * @param requested the time to live the push asked for, or null
     */
    public Duration resolve(String job, Duration requested) {
        if (requested != null) {
            return requested;
        }
        for (Rule rule : rules) {
            if (rule.jobPattern().matcher(job).matches()) {
                return rule.ttl();
            }
        }
        return defaultTtl;
    }
}
