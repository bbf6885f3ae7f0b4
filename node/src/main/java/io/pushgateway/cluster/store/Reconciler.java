package io.pushgateway.cluster.store;

import com.hazelcast.map.IMap;
import io.pushgateway.cluster.model.GroupKey;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the local replica back in line with the cluster map where events were lost (a member
 * died, partitions migrated, a split brain healed). Compares versions only; fetches just the groups
 * that differ.
 */
public final class Reconciler {
    private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);
    private static final int FETCH_BATCH = 500;

    private final IMap<String, Group> map;
    private final LocalReplica replica;
    private final AtomicLong repairs = new AtomicLong();

    Reconciler(IMap<String, Group> map, LocalReplica replica) {
        this.map = map;
        this.replica = replica;
    }

    /** Runs one comparison; returns the number of groups repaired. Blocks while it reads the map. */
    public synchronized int reconcile() {
        // Taken before the map is read: a group that arrives later is absent here and so never
        // mistaken for one the map lost.
        Map<GroupKey, Long> heldBefore = replica.versions();
        Set<GroupKey> deletedBefore = replica.deletedKeys();
        Collection<KeyVersion> inMap = map.project(new VersionProjection());
        Set<GroupKey> present = new HashSet<>();
        List<String> stale = new ArrayList<>();
        for (KeyVersion kv : inMap) {
            GroupKey key = GroupKey.fromId(kv.key());
            present.add(key);
            if (kv.version() > replica.knownVersion(key)) {
                stale.add(kv.key());
            }
        }
        int repaired = 0;
        for (int i = 0; i < stale.size(); i += FETCH_BATCH) {
            Map<String, Group> fetched = map.getAll(new HashSet<>(stale.subList(i, Math.min(stale.size(), i + FETCH_BATCH))));
            for (Group group : fetched.values()) {
                if (replica.apply(group)) {
                    repaired++;
                }
            }
        }
        for (Map.Entry<GroupKey, Long> held : heldBefore.entrySet()) {
            if (!present.contains(held.getKey())) {
                Group group = replica.get(held.getKey());
                if (group != null && group.version() == held.getValue() && replica.removeIfNotNewer(group)) {
                    repaired++;
                }
            }
        }
        for (GroupKey key : deletedBefore) {
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
