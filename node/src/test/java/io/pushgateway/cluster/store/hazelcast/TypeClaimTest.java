package io.pushgateway.cluster.store.hazelcast;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prometheus.metrics.expositionformats.generated.Metrics;
import io.pushgateway.cluster.model.GroupKey;
import io.pushgateway.cluster.store.PushOutcome;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Type claims across members: a family name keeps its type while any group holds it, through
 * whichever member, and is free for another type once no group does, whether the last holder was
 * deleted, dropped the family, or expired (then the janitor frees it).
 */
class TypeClaimTest {
    private static final Metrics.MetricType COUNTER = Metrics.MetricType.COUNTER;
    private static final Metrics.MetricType GAUGE = Metrics.MetricType.GAUGE;

    @AutoClose
    private static InJvmCluster cluster;

    private static InJvmCluster.Member a;
    private static InJvmCluster.Member b;
    private static InJvmCluster.Member c;

    @BeforeAll
    static void start() {
        cluster = InJvmCluster.start(3, 1, 1);
        a = cluster.member(0);
        b = cluster.member(1);
        c = cluster.member(2);
    }

    @Test
    void aNameIsFreeForAnotherTypeOnceTheLastGroupHoldingItIsDeleted() throws Exception {
        assertAccepted(push(a, "holder1", "shared", COUNTER));
        assertAccepted(push(b, "holder2", "shared", COUNTER));
        assertRefused(push(c, "other", "shared", GAUGE), "shared", COUNTER);

        b.delete(GroupKey.of("job", "holder1"));
        assertRefused(push(c, "other", "shared", GAUGE), "shared", COUNTER);

        c.delete(GroupKey.of("job", "holder2"));
        assertAccepted(push(a, "other", "shared", GAUGE));
        assertRefused(push(b, "holder1", "shared", COUNTER), "shared", GAUGE);
        for (InJvmCluster.Member member : cluster.members()) {
            await().alias(member + " serving the family as a gauge")
                    .atMost(InJvmCluster.SETTLE)
                    .pollInterval(Duration.ofMillis(50))
                    .untilAsserted(() ->
                            assertTrue(member.scrapeText().contains("# TYPE shared gauge\n"), member.scrapeText()));
        }
    }

    @Test
    void aNameIsFreeOnceTheOnlyGroupHoldingItPushesWithoutIt() throws Exception {
        assertAccepted(push(a, "dropper", "dropped", COUNTER));
        assertRefused(push(b, "taker", "dropped", GAUGE), "dropped", COUNTER);

        // PUT replaces the group's families: it no longer holds the name.
        assertAccepted(push(c, "dropper", "something_else", COUNTER));

        assertAccepted(push(b, "taker", "dropped", GAUGE));
    }

    @Test
    void aGroupMayChangeTheTypeOfAFamilyOnlyItHolds() throws Exception {
        assertAccepted(push(a, "changer", "changing", COUNTER));
        // The check on b learns which group holds the name from b's replica, which follows a's write
        // a moment later: until then b would take the name for another group's.
        await().alias("b's replica holding the group pushed through a")
                .atMost(InJvmCluster.SETTLE)
                .pollInterval(Duration.ofMillis(20))
                .until(() -> b.replica().get(GroupKey.of("job", "changer")) != null);
        assertAccepted(push(b, "changer", "changing", GAUGE));
        assertRefused(push(c, "follower", "changing", COUNTER), "changing", GAUGE);
    }

    @Test
    void theJanitorFreesTheNameOfAGroupThatExpired() throws Exception {
        GroupKey shortLived = GroupKey.of("job", "short_lived");
        PushOutcome first =
                a.push(shortLived, true, Map.of("ephemeral", GroupsForTests.family("ephemeral", COUNTER, 1)), 1_000);
        assertAccepted(first);
        for (InJvmCluster.Member member : cluster.members()) {
            await().alias(member + " dropping the expired group")
                    .atMost(InJvmCluster.SETTLE)
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> {
                        member.replica().expireDue();
                        return member.replica().get(shortLived) == null;
                    });
        }
        // Expiry releases nothing by itself: the name is still counted as held.
        assertRefused(push(b, "successor", "ephemeral", GAUGE), "ephemeral", COUNTER);

        await().alias("the name free for another type after the janitors' sweeps")
                .atMost(InJvmCluster.SETTLE)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    cluster.members().forEach(InJvmCluster.Member::maintain);
                    return push(b, "successor", "ephemeral", GAUGE).accepted();
                });
    }

    private static PushOutcome push(InJvmCluster.Member member, String job, String name, Metrics.MetricType type)
            throws Exception {
        return member.push(GroupKey.of("job", job), true, Map.of(name, GroupsForTests.family(name, type, 1)));
    }

    private static void assertAccepted(PushOutcome outcome) {
        assertTrue(outcome.accepted(), "refused: " + outcome.message());
    }

    private static void assertRefused(PushOutcome outcome, String name, Metrics.MetricType held) {
        assertFalse(outcome.accepted(), "accepted although " + name + " is held as a " + held);
        assertTrue(
                outcome.message().startsWith("collected metric \"" + name + "\" ")
                        && outcome.message().endsWith(" is not a " + held),
                outcome.message());
        assertEquals("inconsistent", outcome.reason());
    }
}
