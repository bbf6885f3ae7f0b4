package io.pushgateway.cluster.store;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.partition.PartitionService;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the type claims of the family names this member owns in line with the groups: drops
 * holders that no longer hold the family (a node died between claim and push, a release was lost),
 * and restores claims for families held without one. A holder is dropped only when found stale in
 * two rounds in a row, so a push between its claim and its commit is never robbed of its claim. A
 * claim is restored only when found missing in two rounds in a row and the group in the map still
 * holds the family: the replica may lag behind a push that just dropped the family and released
 * its claim, and restoring that claim would refuse the next push of the name with another type.
 */
public final class ClaimJanitor {
    private static final Logger LOG = LoggerFactory.getLogger(ClaimJanitor.class);

    private final IMap<String, TypeClaim> claims;
    private final IMap<String, Group> groups;
    private final PartitionService partitions;
    private final LocalReplica replica;
    private Map<String, Set<String>> suspects = new HashMap<>();
    private Map<String, Set<String>> unclaimed = new HashMap<>();

    ClaimJanitor(HazelcastInstance hazelcast, LocalReplica replica) {
        this.claims = hazelcast.getMap(HazelcastGroupStore.CLAIMS_MAP_NAME);
        this.groups = hazelcast.getMap(HazelcastGroupStore.MAP_NAME);
        this.partitions = hazelcast.getPartitionService();
        this.replica = replica;
    }

    public synchronized void sweep() {
        Map<String, Map<String, Integer>> held = holdersInReplica();
        Map<String, Set<String>> nextSuspects = new HashMap<>();
        int dropped = 0;
        for (String name : claims.localKeySet()) {
            TypeClaim claim = claims.get(name);
            if (claim == null) {
                continue;
            }
            Map<String, Integer> actual = held.getOrDefault(name, Map.of());
            for (String holder : claim.holders()) {
                if (actual.containsKey(holder)) {
                    continue;
                }
                if (suspects.getOrDefault(name, Set.of()).contains(holder)) {
                    claims.executeOnKey(name, new ReleaseProcessor(holder));
                    dropped++;
                } else {
                    nextSuspects.computeIfAbsent(name, n -> new HashSet<>()).add(holder);
                }
            }
        }
        suspects = nextSuspects;
        int restored = restoreMissing(held);
        if (dropped + restored > 0) {
            LOG.info("type claims repaired: {} stale holders dropped, {} missing claims restored", dropped, restored);
        }
    }

    private int restoreMissing(Map<String, Map<String, Integer>> held) {
        Map<String, Set<String>> nextUnclaimed = new HashMap<>();
        int restored = 0;
        for (Map.Entry<String, Map<String, Integer>> family : held.entrySet()) {
            String name = family.getKey();
            if (!partitions.getPartition(name).getOwner().localMember()) {
                continue;
            }
            TypeClaim claim = claims.get(name);
            for (Map.Entry<String, Integer> holder : family.getValue().entrySet()) {
                String groupId = holder.getKey();
                if (claim != null && claim.holders().contains(groupId)) {
                    continue;
                }
                if (!unclaimed.getOrDefault(name, Set.of()).contains(groupId)) {
                    nextUnclaimed.computeIfAbsent(name, n -> new HashSet<>()).add(groupId);
                } else if (stillHolds(groupId, name, holder.getValue())) {
                    claims.executeOnKey(name, new ClaimProcessor(groupId, Map.of(name, holder.getValue())));
                    restored++;
                }
            }
        }
        unclaimed = nextUnclaimed;
        return restored;
    }

    private boolean stillHolds(String groupId, String name, int type) {
        Group group = groups.get(groupId);
        if (group == null || group.isDeleted()) {
            return false;
        }
        StoredFamily family = group.families().get(name);
        return family != null && family.family().getType().getNumber() == type;
    }

    private Map<String, Map<String, Integer>> holdersInReplica() {
        Map<String, Map<String, Integer>> held = new HashMap<>();
        for (Group group : replica.groups()) {
            for (StoredFamily family : group.families().values()) {
                held.computeIfAbsent(family.name(), n -> new HashMap<>())
                        .put(group.key().id(), family.family().getType().getNumber());
            }
        }
        return held;
    }
}
