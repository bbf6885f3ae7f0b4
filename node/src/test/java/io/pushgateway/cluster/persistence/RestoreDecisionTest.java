package io.pushgateway.cluster.persistence;

import static io.pushgateway.cluster.persistence.RestoreDecision.Step.CLAIM;
import static io.pushgateway.cluster.persistence.RestoreDecision.Step.SKIP;
import static io.pushgateway.cluster.persistence.RestoreDecision.Step.TAKE_OVER;
import static io.pushgateway.cluster.persistence.RestoreDecision.Step.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pushgateway.cluster.persistence.RestoreDecision.Candidate;
import io.pushgateway.cluster.persistence.RestoreDecision.Presence;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RestoreDecisionTest {
    private static final UUID A = new UUID(0, 1);
    private static final UUID B = new UUID(0, 2);
    private static final UUID C = new UUID(0, 3);

    @Test
    void theNewestSnapshotRestoresAndTheOldestMemberBreaksTies() {
        assertEquals(
                Optional.of(B),
                RestoreDecision.restorer(List.of(new Candidate(A, 100), new Candidate(B, 300), new Candidate(C, 200))));
        assertEquals(Optional.of(A), RestoreDecision.restorer(List.of(new Candidate(A, 300), new Candidate(B, 300))));
        assertEquals(
                Optional.of(B),
                RestoreDecision.restorer(List.of(new Candidate(B, -1), new Candidate(C, -1))),
                "without any snapshot someone still decides, so the cluster gets ready");
        assertEquals(
                Optional.of(C),
                RestoreDecision.restorer(List.of(new Candidate(A, -1), new Candidate(C, 5))),
                "a member whose file was corrupt or missing never beats one with a snapshot");
        assertEquals(Optional.empty(), RestoreDecision.restorer(List.of()));
    }

    @Test
    void aRunningClusterIsNeverRestoredInto() {
        for (UUID self : List.of(A, B)) {
            assertEquals(
                    SKIP,
                    RestoreDecision.next(RestoreDecision.doneBy(A), self, settled(A, B, C), Optional.of(self)),
                    "whatever its snapshot, a member joining a cluster whose restore is done restores nothing");
        }
        assertEquals(
                SKIP,
                RestoreDecision.next(
                        RestoreDecision.doneBy(C), A, new Presence(Set.of(A), 2, 3, false), Optional.of(A)),
                "even below the quorum");
    }

    @Test
    void anEmptyClusterWaitsForItsMembersThenOnlyTheChosenOneClaims() {
        assertEquals(
                WAIT,
                RestoreDecision.next(null, A, new Presence(Set.of(A), 2, 3, true), Optional.of(A)),
                "alone it cannot write the restore");
        assertEquals(
                WAIT,
                RestoreDecision.next(null, A, new Presence(Set.of(A, B), 2, 3, false), Optional.of(A)),
                "the third member, maybe with a newer snapshot, gets a grace period");
        assertEquals(
                CLAIM,
                RestoreDecision.next(null, A, new Presence(Set.of(A, B), 2, 3, true), Optional.of(A)),
                "but is not waited for forever");
        assertEquals(CLAIM, RestoreDecision.next(null, A, settled(A, B, C), Optional.of(A)), "all there: at once");
        assertEquals(WAIT, RestoreDecision.next(null, B, settled(A, B, C), Optional.of(A)));
        assertEquals(
                CLAIM,
                RestoreDecision.next(null, A, new Presence(Set.of(A), 1, 1, false), Optional.of(A)),
                "a single node restores at once");
    }

    @Test
    void aRestoreInProgressIsWaitedForUnlessItsOwnerLeft() {
        String byA = RestoreDecision.restoringBy(A);
        assertEquals(
                WAIT,
                RestoreDecision.next(byA, B, settled(A, B, C), Optional.of(B)),
                "a newer snapshot arriving late does not interrupt the restore under way");
        assertEquals(
                TAKE_OVER,
                RestoreDecision.next(byA, A, new Presence(Set.of(A, B), 2, 3, false), Optional.of(B)),
                "the owner resumes its own restore after a failed attempt");
        assertEquals(
                TAKE_OVER,
                RestoreDecision.next(byA, B, new Presence(Set.of(B, C), 2, 3, false), Optional.of(B)),
                "the owner left: the chosen member among those present takes over");
        assertEquals(WAIT, RestoreDecision.next(byA, C, new Presence(Set.of(B, C), 2, 3, false), Optional.of(B)));
        assertEquals(
                WAIT,
                RestoreDecision.next(byA, B, new Presence(Set.of(B), 2, 3, true), Optional.of(B)),
                "not below the quorum");
    }

    private static Presence settled(UUID... members) {
        return new Presence(Set.of(members), 2, members.length, false);
    }
}
