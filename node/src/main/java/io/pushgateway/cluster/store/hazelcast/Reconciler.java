package io.pushgateway.cluster.store.hazelcast;

import com.hazelcast.map.IMap;
import com.hazelcast.partition.PartitionService;
import io.pushgateway.cluster.model.GroupKey;
import io.pushgateway.cluster.store.ClusterErrors;
import io.pushgateway.cluster.store.Group;
import io.pushgateway.cluster.store.UnixTime;
import io.pushgateway.cluster.store.replica.LocalReplica;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToIntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the local replica back in line with the cluster map where events were lost (a member
 * died, partitions migrated, a split brain healed). Compares versions only; fetches just the groups
 * that differ.
 *
 * <p>Where the replica holds a group newer than the map, or one the map lacks, the map lost a change
 * with a dying member: Hazelcast sends a change's event before its backups are confirmed, and with
 * two of three members killed half a second apart (partitions still re-syncing after the first
 * death) a survivor's promoted copy was seen to lack a change its replica held, one acknowledged
 * to the client.
 * Such groups are written back from the replica; until that write succeeds (it needs the write
 * quorum) they stay in the replica and are served. A partition Hazelcast reports lost (its owner
 * and every backup died at once) is the extreme case. Only after a split brain merged this member
 * into the larger side is the map the truth: the smaller side's changes were refused (503) and must
 * not come back.
 */
public final class Reconciler {
    private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);
    private static final int FETCH_BATCH = 500;
    /** Longer than a merge takes to settle and several reconciliation rounds. */
    private static final Duration MAP_WINS_AFTER_MERGE = Duration.ofMinutes(2);
    /** A group this close to its deadline may have been expired by Hazelcast a little early: not written back. */
    private static final long EXPIRY_MARGIN_NANOS = Duration.ofSeconds(10).toNanos();

    private final IMap<String, Group> map;
    private final LocalReplica replica;
    private final AtomicLong repairs = new AtomicLong();
    private final PartitionService partitions;
    private final ToIntFunction<Collection<Group>> restore;
    /** Partitions Hazelcast reported lost whose groups have not yet been written back. */
    private final Set<Integer> lostPartitions = ConcurrentHashMap.newKeySet();
    /** When this member last merged into another side after a split brain; 0 if never. */
    private volatile long mergedAtNanos;

    /** @param restore writes groups back into the map where it holds nothing as new; throws without quorum */
    Reconciler(
            IMap<String, Group> map,
            LocalReplica replica,
            PartitionService partitions,
            ToIntFunction<Collection<Group>> restore) {
        this.map = map;
        this.replica = replica;
        this.partitions = partitions;
        this.restore = restore;
    }

    /** Called by Hazelcast when a partition of the map lost every copy; the next round writes it back. */
    void partitionLost(int partitionId) {
        lostPartitions.add(partitionId);
        LOG.debug("partition {} of the groups lost its owner and every backup", partitionId);
    }

    /**
     * Called when this member merges into the larger side after a split brain: for a while the map
     * wins over the replica, in both directions.
     */
    void merged() {
        lostPartitions.clear();
        mergedAtNanos = System.nanoTime() | 1;
    }

    private boolean recentlyMerged() {
        long merged = mergedAtNanos;
        return merged != 0 && System.nanoTime() - merged < MAP_WINS_AFTER_MERGE.toNanos();
    }

    /** Runs one comparison; returns the number of groups repaired. Blocks while it reads the map. */
    public synchronized int reconcile() {
        // Taken before the map is read: a group that arrives later is absent here and so never
        // mistaken for one the map lost.
        boolean mapWins = recentlyMerged();
        Map<String, Group> aheadOfMap = new HashMap<>();
        Map<GroupKey, Long> heldBefore = replica.versions();
        Map<GroupKey, Long> deletedBefore = replica.deletedVersions();
        Collection<KeyVersion> inMap = map.project(new KeyVersionProjection());
        Set<GroupKey> present = new HashSet<>();
        List<String> stale = new ArrayList<>();
        Map<String, Long> diverged = new HashMap<>();
        for (KeyVersion kv : inMap) {
            GroupKey key = GroupKey.fromId(kv.key());
            present.add(key);
            long known = replica.knownVersion(key);
            if (kv.version() > known) {
                stale.add(kv.key());
            } else if (kv.version() < known
                    && (Long.valueOf(known).equals(heldBefore.get(key))
                            || Long.valueOf(known).equals(deletedBefore.get(key)))) {
                // The replica holds a newer version than the map, unchanged since before the map
                // was read: a change the cluster dropped. After a split brain merged away the
                // smaller side's writes (refused with 503), the map is the truth; else a dying
                // member took it, and the replica's copy goes back into the map.
                Group held = replica.get(key);
                if (!mapWins && held != null && held.version() == known) {
                    aheadOfMap.put(kv.key(), held);
                } else {
                    diverged.put(kv.key(), known);
                }
            }
        }
        // A deletion the replica missed has a version counted on from the group it deleted, which
        // may be lower than a change the map lost before it: the deletion is later, and wins.
        List<Group> ahead = new ArrayList<>();
        for (Map.Entry<String, Group> inMapNow :
                fetch(new ArrayList<>(aheadOfMap.keySet())).entrySet()) {
            Group held = aheadOfMap.get(inMapNow.getKey());
            if (inMapNow.getValue().isDeleted()) {
                diverged.put(inMapNow.getKey(), held.version());
            } else {
                ahead.add(held);
            }
        }
        int repaired = 0;
        for (Group group : fetch(stale).values()) {
            if (replica.apply(group)) {
                repaired++;
            }
        }
        for (Map.Entry<String, Group> e :
                fetch(new ArrayList<>(diverged.keySet())).entrySet()) {
            if (replica.replaceIfAt(e.getValue(), diverged.get(e.getKey()))) {
                repaired++;
            }
        }
        Set<Integer> lost = Set.copyOf(lostPartitions);
        List<Group> orphans = new ArrayList<>();
        long now = UnixTime.nowNanos();
        for (Map.Entry<GroupKey, Long> held : heldBefore.entrySet()) {
            if (!present.contains(held.getKey())) {
                Group group = replica.get(held.getKey());
                if (group == null || group.version() != held.getValue()) {
                    continue;
                }
                boolean partitionLost = !lost.isEmpty()
                        && lost.contains(
                                partitions.getPartition(held.getKey().id()).getPartitionId());
                boolean farFromDeadline =
                        group.expiresAtNanos() == 0 || group.expiresAtNanos() - now > EXPIRY_MARGIN_NANOS;
                if (partitionLost || !mapWins && farFromDeadline) {
                    orphans.add(group);
                } else if (replica.removeIfNotNewer(group)) {
                    repaired++;
                }
            }
        }
        orphans.addAll(ahead);
        if (!lost.isEmpty() || !orphans.isEmpty()) {
            writeBack(lost, orphans);
        }
        for (GroupKey key : deletedBefore.keySet()) {
            if (!present.contains(key)) {
                replica.forgetDeletion(key);
            }
        }
        if (repaired > 0) {
            repairs.addAndGet(repaired);
            LOG.info("reconciliation repaired {} groups of the local replica", repaired);
        }
        return repaired;
    }

    /**
     * Writes groups the map lost (or holds older) back into it; keeps the lost partitions for the
     * next round if refused (no quorum), the groups staying in the replica meanwhile.
     */
    private void writeBack(Set<Integer> lost, List<Group> orphans) {
        try {
            int written = orphans.isEmpty() ? 0 : restore.applyAsInt(orphans);
            lostPartitions.removeAll(lost);
            LOG.warn(
                    "the map had lost {} groups ({} partitions lost with every copy): {} written back from the replica",
                    orphans.size(),
                    lost.size(),
                    written);
        } catch (RuntimeException e) {
            LOG.warn(
                    "{} groups the map lost are kept in the replica, not yet written back: {}",
                    orphans.size(),
                    ClusterErrors.oneLine(UndecidedWrites.unwrap(e)));
        }
    }

    private Map<String, Group> fetch(List<String> keys) {
        Map<String, Group> fetched = new HashMap<>();
        for (int i = 0; i < keys.size(); i += FETCH_BATCH) {
            fetched.putAll(map.getAll(new HashSet<>(keys.subList(i, Math.min(keys.size(), i + FETCH_BATCH)))));
        }
        return fetched;
    }

    /** Groups repaired since start. */
    public long repairs() {
        return repairs.get();
    }
}
