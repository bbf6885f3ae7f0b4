package io.pushgateway.cluster.persistence;

import com.hazelcast.cluster.Member;
import com.hazelcast.config.Config;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.pushgateway.cluster.store.Group;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.function.ToIntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes part in deciding whether, and from which member's snapshot, the cluster is restored when it
 * starts (see {@link RestoreDecision}), and restores when this member is the one.
 */
public final class ClusterRestore {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterRestore.class);
    /** Member attribute: when this member's snapshot was taken, so every member can tell the newest. */
    static final String SNAPSHOT_ATTRIBUTE = "pushgateway.snapshot-taken-at";

    static final String MARKER_KEY = "cluster";
    private static final Duration POLL = Duration.ofMillis(200);

    private final HazelcastInstance hazelcast;
    private final ToIntFunction<Collection<Group>> restore;
    private final Optional<Snapshot> snapshot;
    /** How long a quorum waits for missing members, whose snapshot may be the newest, before deciding. */
    static final Duration MEMBER_GRACE = Duration.ofSeconds(15);

    private final int minMembers;
    private final int expectedMembers;
    private final IMap<String, String> marker;
    private final PersistenceStats stats;

    /**
     * @param marker the cluster-wide map where the members agree on who restores
     * @param restore writes the snapshot's groups into the store, returning how many it wrote
     * @param minMembers the write quorum
     * @param expectedMembers the members the configuration names, this one included
     */
    public ClusterRestore(
            HazelcastInstance hazelcast,
            IMap<String, String> marker,
            ToIntFunction<Collection<Group>> restore,
            Optional<Snapshot> snapshot,
            int minMembers,
            int expectedMembers,
            PersistenceStats stats) {
        this.expectedMembers = expectedMembers;
        this.stats = stats;
        this.hazelcast = hazelcast;
        this.restore = restore;
        this.snapshot = snapshot;
        this.minMembers = minMembers;
        this.marker = marker;
    }

    /** Announces, before the member starts, how new its snapshot is. */
    public static void announce(Config config, Optional<Snapshot> snapshot) {
        config.getMemberAttributeConfig()
                .setAttribute(
                        SNAPSHOT_ATTRIBUTE,
                        Long.toString(snapshot.map(Snapshot::takenAtNanos).orElse(-1L)));
    }

    /**
     * Blocks until the cluster's restore is decided and, if this member restores, done. Returns the
     * number of groups this member put back; 0 if another member restored or the cluster was running.
     * Returns -1 if {@code stopping} became true first.
     */
    public int run(BooleanSupplier stopping) throws InterruptedException {
        UUID self = hazelcast.getCluster().getLocalMember().getUuid();
        boolean waitingLogged = false;
        long quorumSince = 0;
        while (!stopping.getAsBoolean()) {
            try {
                String current = marker.get(MARKER_KEY);
                Set<Member> members = hazelcast.getCluster().getMembers();
                Set<UUID> present = new HashSet<>();
                members.forEach(m -> present.add(m.getUuid()));
                if (present.size() < minMembers) {
                    quorumSince = 0;
                } else if (quorumSince == 0) {
                    quorumSince = System.nanoTime();
                }
                boolean waitOver = quorumSince != 0 && System.nanoTime() - quorumSince >= MEMBER_GRACE.toNanos();
                RestoreDecision.Presence presence =
                        new RestoreDecision.Presence(present, minMembers, expectedMembers, waitOver);
                RestoreDecision.Step step =
                        RestoreDecision.next(current, self, presence, RestoreDecision.restorer(candidates(members)));
                switch (step) {
                    case SKIP -> {
                        if (snapshot.isPresent()) {
                            LOG.info(
                                    "{}: {} is not restored",
                                    waitingLogged ? "another member restored the cluster" : "joined a running cluster",
                                    describeSnapshot());
                        }
                        return 0;
                    }
                    case CLAIM -> {
                        if (marker.putIfAbsent(MARKER_KEY, RestoreDecision.restoringBy(self)) == null) {
                            return restore(self);
                        }
                    }
                    case TAKE_OVER -> {
                        if (marker.replace(MARKER_KEY, current, RestoreDecision.restoringBy(self))) {
                            return restore(self);
                        }
                    }
                    case WAIT -> {
                        if (!waitingLogged) {
                            LOG.info(
                                    "waiting for the cluster's restore to be decided ({} members present; {} expected,"
                                            + " at least {})",
                                    present.size(),
                                    expectedMembers,
                                    minMembers);
                            waitingLogged = true;
                        }
                    }
                }
            } catch (RuntimeException e) {
                // No quorum for the restore's writes, or the cluster is changing: ask again. Every
                // write of the restore is safe to repeat.
                LOG.warn("restore not done yet, trying again: {}", e.toString());
            }
            Thread.sleep(POLL.toMillis());
        }
        return -1;
    }

    private int restore(UUID self) {
        int restored = 0;
        if (snapshot.isPresent()) {
            LOG.info("restoring {}", describeSnapshot());
            restored = restore.applyAsInt(snapshot.get().groups());
            LOG.info(
                    "restored {} of {} groups (the others had expired or the cluster holds them newer)",
                    restored,
                    snapshot.get().groups().size());
        } else {
            LOG.info("the cluster starts empty: no member present has a snapshot");
        }
        marker.put(MARKER_KEY, RestoreDecision.doneBy(self));
        stats.restored(restored);
        return restored;
    }

    private String describeSnapshot() {
        return snapshot.map(s -> "the snapshot of " + Instant.ofEpochSecond(0, s.takenAtNanos()) + " ("
                        + s.groups().size() + " groups)")
                .orElse("no snapshot");
    }

    private static List<RestoreDecision.Candidate> candidates(Set<Member> membersOldestFirst) {
        List<RestoreDecision.Candidate> candidates = new ArrayList<>();
        for (Member member : membersOldestFirst) {
            String takenAt = member.getAttribute(SNAPSHOT_ATTRIBUTE);
            if (takenAt != null) {
                candidates.add(new RestoreDecision.Candidate(member.getUuid(), Long.parseLong(takenAt)));
            }
        }
        return candidates;
    }
}
