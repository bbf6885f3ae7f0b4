package io.pushgateway.cluster.persistence;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Who restores a snapshot into the cluster, decided from the cluster-wide restore marker and the
 * members present. Pure: the same inputs give the same step on every member.
 *
 * <p>The marker lives in a map with a copy on every member, so it is absent only when the whole
 * cluster was down. Then, once every expected member is present (or a quorum has been for a grace
 * period: a member may never come), the member holding the newest snapshot claims the marker (an
 * atomic put-if-absent) and restores; all others wait until it is done. A member that finds the marker done joins a running cluster and restores nothing, whatever
 * its file holds.
 */
public final class RestoreDecision {
    private static final String RESTORING = "restoring ";
    private static final String DONE = "done ";

    /** What a member does next. */
    public enum Step {
        /** Claim the absent marker, then restore. */
        CLAIM,
        /** Take the marker over from a restorer that left (or resume our own claim), then restore. */
        TAKE_OVER,
        /** Ask again shortly. */
        WAIT,
        /** The cluster is running: restore nothing. */
        SKIP
    }

    /**
     * A member that takes part, with the time its snapshot was taken.
     *
     * @param snapshotTakenAtNanos Unix nanoseconds, or -1 if the member has no usable snapshot
     */
    public record Candidate(UUID member, long snapshotTakenAtNanos) {}

    private RestoreDecision() {}

    /**
     * The member that should restore: the one with the newest snapshot; between equals, the oldest
     * member (members are listed oldest first, in the same order on every member).
     */
    public static Optional<UUID> restorer(List<Candidate> candidatesOldestFirst) {
        Candidate best = null;
        for (Candidate candidate : candidatesOldestFirst) {
            if (best == null || candidate.snapshotTakenAtNanos() > best.snapshotTakenAtNanos()) {
                best = candidate;
            }
        }
        return Optional.ofNullable(best).map(Candidate::member);
    }

    /**
     * Who is present, and how long a quorum has been.
     *
     * @param members every member present
     * @param minMembers the write quorum: a restore cannot write with fewer
     * @param expectedMembers the members the configuration names; the newest snapshot may be on any
     * @param quorumWaitOver whether a quorum has been present for the whole grace period
     */
    public record Presence(Set<UUID> members, int minMembers, int expectedMembers, boolean quorumWaitOver) {
        boolean quorum() {
            return members.size() >= minMembers;
        }

        boolean settled() {
            return quorum() && (members.size() >= expectedMembers || quorumWaitOver);
        }
    }

    /**
     * @param marker the marker's value, or null if absent
     * @param restorer who should restore among the present members
     */
    public static Step next(String marker, UUID self, Presence presence, Optional<UUID> restorer) {
        if (marker != null && marker.startsWith(DONE)) {
            return Step.SKIP;
        }
        if (!presence.quorum()) {
            return Step.WAIT;
        }
        Set<UUID> members = presence.members();
        boolean chosen = restorer.map(self::equals).orElse(false);
        if (marker == null) {
            return chosen && presence.settled() ? Step.CLAIM : Step.WAIT;
        }
        UUID owner = ownerOf(marker);
        if (self.equals(owner)) {
            return Step.TAKE_OVER;
        }
        return chosen && !members.contains(owner) ? Step.TAKE_OVER : Step.WAIT;
    }

    public static String restoringBy(UUID member) {
        return RESTORING + member;
    }

    public static String doneBy(UUID member) {
        return DONE + member;
    }

    static UUID ownerOf(String marker) {
        return UUID.fromString(marker.substring(marker.indexOf(' ') + 1));
    }
}
