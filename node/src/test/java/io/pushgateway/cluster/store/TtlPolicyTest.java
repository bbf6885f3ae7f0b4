package io.pushgateway.cluster.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class TtlPolicyTest {
    private final TtlPolicy policy = new TtlPolicy(
            Duration.ofHours(1),
            List.of(
                    TtlPolicy.Rule.parse("ci-.*=10m"),
                    TtlPolicy.Rule.parse("ci-nightly=2d"),
                    TtlPolicy.Rule.parse("(a|b)=c=30s")));

    @Test
    void pushBeatsRuleBeatsDefault() {
        assertEquals(Duration.ofSeconds(5), policy.resolve("ci-build", Duration.ofSeconds(5)));
        assertEquals(Duration.ZERO, policy.resolve("ci-build", Duration.ZERO), "a push may ask to live for ever");
        assertEquals(Duration.ofMinutes(10), policy.resolve("ci-build", null));
        assertEquals(Duration.ofHours(1), policy.resolve("backup", null));
    }

    @Test
    void firstMatchingRuleWinsAndPatternsMatchTheWholeJob() {
        assertEquals(Duration.ofMinutes(10), policy.resolve("ci-nightly", null), "the earlier rule matches first");
        assertEquals(Duration.ofHours(1), policy.resolve("my-ci-build", null), "no partial matches");
        assertEquals(Duration.ofSeconds(30), policy.resolve("a=c", null), "a pattern may contain '='");
    }

    @Test
    void badRulesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> TtlPolicy.Rule.parse("nodelimiter"));
        assertThrows(IllegalArgumentException.class, () -> TtlPolicy.Rule.parse("job=5x"));
        assertThrows(IllegalArgumentException.class, () -> TtlPolicy.Rule.parse("(unclosed=5m"));
    }

    @Test
    void neverIsUpstreamBehaviour() {
        assertEquals(Duration.ZERO, TtlPolicy.NEVER.resolve("anything", null));
    }
}
