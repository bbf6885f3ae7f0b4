package io.pushgateway.cluster.store.check;

import com.hazelcast.map.IMap;
import com.hazelcast.partition.PartitionService;
import io.pushgateway.cluster.store.Group;
import io.pushgateway.cluster.store.StoredFamily;
import io.pushgateway.cluster.store.replica.LocalReplica;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the holder counts of the family names this member owns in line with the groups: a node
 * that died between claim and push, a group that expired, a release that was lost. A count is
 * corrected only when found wrong in the same way in two rounds in a row, and only if it has not
 * changed since: the replica may lag behind a push that has just changed the count, and a
 * "correction" from that lag would refuse the next push of a name no group holds any more.
 */
public final class ClaimJanitor {
    private static final Logger LOG = LoggerFactory.getLogger(ClaimJanitor.class);

    private final IMap<String, TypeClaim> claims;
    private final PartitionService partitions;
    private final LocalReplica replica;
    private Map<String, Miscount> suspects = new HashMap<>();

    /** A count found wrong: what the claim said, and how many groups hold the name with which type. */
    private record Miscount(int seen, int actual, int type) {}

    /** The groups in the replica that hold one name, and the type the first of them holds it with. */
    private static final class Holding {
        int groups;
        int type;
    }

    /** @param claims the cluster map of type claims, keyed by family name */
    public ClaimJanitor(IMap<String, TypeClaim> claims, PartitionService partitions, LocalReplica replica) {
        this.claims = claims;
        this.partitions = partitions;
        this.replica = replica;
    }

    public synchronized void sweep() {
        Map<String, Holding> held = holdingsInReplica();
        Set<String> names = new HashSet<>(claims.localKeySet());
        for (String name : held.keySet()) {
            if (partitions.getPartition(name).getOwner().localMember()) {
                names.add(name);
            }
        }
        Map<String, Miscount> nextSuspects = new HashMap<>();
        int repaired = 0;
        for (String name : names) {
            TypeClaim claim = claims.get(name);
            Holding holding = held.get(name);
            Miscount found = new Miscount(
                    claim == null ? 0 : claim.holders(),
                    holding == null ? 0 : holding.groups,
                    holding == null ? 0 : holding.type);
            if (found.seen() == found.actual()) {
                continue;
            }
            if (found.equals(suspects.get(name))) {
                if (claims.executeOnKey(name, new HolderRecountProcessor(found.seen(), found.actual(), found.type()))) {
                    repaired++;
                }
            } else {
                nextSuspects.put(name, found);
            }
        }
        suspects = nextSuspects;
        if (repaired > 0) {
            LOG.info("type claims repaired: {} holder counts corrected", repaired);
        }
    }

    private Map<String, Holding> holdingsInReplica() {
        Map<String, Holding> held = new HashMap<>();
        for (Group group : replica.groups()) {
            for (StoredFamily family : group.families().values()) {
                Holding holding = held.computeIfAbsent(family.name(), n -> new Holding());
                if (holding.groups++ == 0) {
                    holding.type = family.type().getNumber();
                }
            }
        }
        return held;
    }
}
