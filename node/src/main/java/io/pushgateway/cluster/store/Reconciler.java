package io.pushgateway.cluster.store;

import com.hazelcast.map.IMap;
import com.hazelcast.partition.PartitionService;
import io.pushgateway.cluster.model.GroupKey;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToIntFunction;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the local replica back in line with the cluster map where events were lost (a member
 * died, partitions migrated, a split brain healed). Compares versions only; fetches just the groups
 * that differ.
 *
 * <p>A group the map no longer holds is dropped from the replica, unless its partition was lost
 * (its owner and every backup died at once): then the group is written back from this replica,
 * which is a full copy. Until that write succeeds (it needs the write quorum), the group stays in
 * the replica and is served.
 */
public final class Reconciler {
    private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);
    private static final int FETCH_BATCH = 500;

    private final IMap<String, Group> map;
    private final LocalReplica replica;
    private final AtomicLong repairs = new AtomicLong();
    private final PartitionService partitions;
    private final ToIntFunction<Collection<Group>> restore;
    /** Partitions Hazelcast reported lost whose groups have not yet been written back. */
    private final Set<Integer> lostPartitions = ConcurrentHashMap.newKeySet();

    /** @param restore writes groups back into the map where it holds nothing as new; throws without quorum */
    Reconciler(IMap<String, Group> map, LocalReplica replica, PartitionService partitions,
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

    /** Runs one comparison; returns the number of groups repaired. Blocks while it reads the map. */
    public synchronized int reconcile() {
        // Taken before the map is read: a group that arrives later is absent here and so never
        // mistaken for one the map lost.
        Map<GroupKey, Long> heldBefore = replica.versions();
        Map<GroupKey, Long> deletedBefore = replica.deletedVersions();
        Collection<KeyVersion> inMap = map.project(new VersionProjection());
        Set<GroupKey> present = new HashSet<>();
        List<String> stale = new ArrayList<>();
        Map<String, Long> diverged = new HashMap<>();
        for (KeyVersion kv : inMap) {
            GroupKey key = GroupKey.fromId(kv.key());
            present.add(key);
            long known = replica.knownVersion(key);
            if (kv.version() > known) {
                stale.add(kv.key());
            } else if (kv.version() < known && (Long.valueOf(known).equals(heldBefore.get(key))
                    || Long.valueOf(known).equals(deletedBefore.get(key)))) {
                // The replica holds a newer version than the map, unchanged since before the map
                // was read: a change the cluster dropped (a split brain merged away the smaller
                // side's writes, which were refused with 503). The map is the truth.
                diverged.put(kv.key(), known);
            }
        }
        int repaired = 0;
        for (Group group : fetch(stale).values()) {
            if (replica.apply(group)) {
                repaired++;
            }
        }
        for (Map.Entry<String, Group> e : fetch(new ArrayList<>(diverged.keySet())).entrySet()) {
            if (replica.replaceIfAt(e.getValue(), diverged.get(e.getKey()))) {
                repaired++;
            }
        }
        Set<Integer> lost = Set.copyOf(lostPartitions);
        List<Group> orphans = new ArrayList<>();
        for (Map.Entry<GroupKey, Long> held : heldBefore.entrySet()) {
            if (!present.contains(held.getKey())) {
                Group group = replica.get(held.getKey());
                if (group == null || group.version() != held.getValue()) {
                    continue;
                }
                if (!lost.isEmpty() && lost.contains(partitions.getPartition(held.getKey().id()).getPartitionId())) {
                    orphans.add(group);
                } else if (replica.removeIfNotNewer(group)) {
                    repaired++;
                }
            }
        }
        if (!lost.isEmpty()) {
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

    /** Writes the groups of lost partitions back into the map; keeps the partitions for the next round if refused. */
    private void writeBack(Set<Integer> lost, List<Group> orphans) {
        try {
            int written = orphans.isEmpty() ? 0 : restore.applyAsInt(orphans);
            lostPartitions.removeAll(lost);
            LOG.warn("{} partitions had lost their owner and every backup; {} of their groups written back from the"
                    + " replica", lost.size(), written);
        } catch (RuntimeException e) {
            LOG.warn("{} groups of {} lost partitions kept in the replica, not yet written back: {}", orphans.size(),
                    lost.size(), UndecidedWrites.oneLine(UndecidedWrites.unwrap(e)));
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

    static Map<GroupKey, Long> versionsOf(Collection<Group> groups) {
        Map<GroupKey, Long> versions = new HashMap<>();
        for (Group group : groups) {
            versions.put(group.key(), group.version());
        }
        return versions;
    }
}
