package io.pushgateway.cluster.store.replica;

import io.pushgateway.cluster.model.GroupKey;
import io.pushgateway.cluster.store.Group;
import io.pushgateway.cluster.store.Replica;
import io.pushgateway.cluster.store.ReplicaListener;
import io.pushgateway.cluster.store.UnixTime;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * Every group of the cluster, in memory on this node, so scrapes and the API never wait for the
 * network. Fed by the node's own writes (at once, for read-your-writes) and by map events (for
 * everyone else's); a change is applied only if its version is newer than what is held, so the
 * order in which the two arrive does not matter.
 */
public final class LocalReplica implements Replica {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(LocalReplica.class);
    private final Map<GroupKey, Group> groups = new ConcurrentHashMap<>();
    /** Versions of recently deleted groups: an event older than the deletion must not revive them. */
    private final Map<GroupKey, Long> deletedVersions = new ConcurrentHashMap<>();

    private final FamilyIndex index = new FamilyIndex();
    private final List<ReplicaListener> listeners = new CopyOnWriteArrayList<>();
    private volatile long lastEventLagNanos;
    /** Pushed series of all held groups; changed only under the replica's lock. */
    private volatile long series;
    /** Groups with a time to live, by deadline; entries of replaced versions are skipped when due. */
    private final java.util.concurrent.ConcurrentSkipListSet<Deadline> deadlines =
            new java.util.concurrent.ConcurrentSkipListSet<>();

    private final java.util.concurrent.atomic.AtomicLong expired = new java.util.concurrent.atomic.AtomicLong();

    private record Deadline(long expiresAtNanos, String keyId, long version) implements Comparable<Deadline> {
        @Override
        public int compareTo(Deadline other) {
            int c = Long.compare(expiresAtNanos, other.expiresAtNanos);
            if (c != 0) {
                return c;
            }
            c = keyId.compareTo(other.keyId);
            return c != 0 ? c : Long.compare(version, other.version);
        }
    }

    @Override
    public void addListener(ReplicaListener listener) {
        listeners.add(listener);
    }

    /**
     * Applies a group as a map value holds it (a tombstone removes the group). Returns whether it
     * changed anything: an older or equal version is ignored.
     */
    public synchronized boolean apply(Group incoming) {
        GroupKey key = incoming.key();
        Group held = groups.get(key);
        if (incoming.version() <= knownVersion(key)) {
            return false;
        }
        if (incoming.isDeleted() || incoming.isExpiredAt(UnixTime.nowNanos())) {
            deletedVersions.put(key, incoming.version());
            if (held != null) {
                replace(held, null);
            }
            return held != null;
        }
        deletedVersions.remove(key);
        replace(held, incoming);
        return true;
    }

    /** The version of the group or of its deletion as held here; 0 if unknown. */
    public synchronized long knownVersion(GroupKey key) {
        Group held = groups.get(key);
        return held != null ? held.version() : deletedVersions.getOrDefault(key, 0L);
    }

    /** Every held group's version. */
    public synchronized Map<GroupKey, Long> versions() {
        Map<GroupKey, Long> versions = new HashMap<>();
        for (Group group : groups.values()) {
            versions.put(group.key(), group.version());
        }
        return versions;
    }

    /** Removes a group that left the map without a tombstone (expiry, eviction), unless newer is held. */
    public synchronized boolean removeIfNotNewer(Group removed) {
        Group held = groups.get(removed.key());
        if (held != null && held.version() <= removed.version()) {
            replace(held, null);
            return true;
        }
        return false;
    }

    /** Forgets the deletion of a group whose tombstone left the map. */
    public synchronized void forgetDeletion(GroupKey key, long version) {
        deletedVersions.remove(key, version);
    }

    public synchronized void forgetDeletion(GroupKey key) {
        deletedVersions.remove(key);
    }

    public synchronized Map<GroupKey, Long> deletedVersions() {
        return Map.copyOf(deletedVersions);
    }

    /**
     * Replaces what is held for the group by the map's copy, even if older, provided the replica
     * still holds version {@code expected} (of the group or of its deletion). For reconciliation
     * only: the map dropped a change this node had seen.
     */
    public synchronized boolean replaceIfAt(Group fromMap, long expected) {
        GroupKey key = fromMap.key();
        if (knownVersion(key) != expected) {
            return false;
        }
        Group held = groups.get(key);
        if (fromMap.isDeleted()) {
            deletedVersions.put(key, fromMap.version());
            if (held != null) {
                replace(held, null);
            }
        } else {
            deletedVersions.remove(key);
            replace(held, fromMap);
        }
        return true;
    }

    public synchronized void clear() {
        for (Group held : List.copyOf(groups.values())) {
            replace(held, null);
        }
        deletedVersions.clear();
    }

    /**
     * Removes every group whose time to live has run out, as of now. Each node does this by the
     * deadline written in the group, so all nodes drop it together, whatever the map's own expiry
     * (which is lazy) is doing. Returns how many were removed.
     */
    public synchronized int expireDue() {
        long now = UnixTime.nowNanos();
        int count = 0;
        while (!deadlines.isEmpty() && deadlines.first().expiresAtNanos() <= now) {
            Deadline due = deadlines.pollFirst();
            GroupKey key = GroupKey.fromId(due.keyId());
            Group held = groups.get(key);
            if (held != null && held.version() == due.version()) {
                deletedVersions.put(key, held.version());
                replace(held, null);
                count++;
                LOG.debug("group {} expired: not pushed for {} ms", key, held.ttlMillis());
            }
        }
        expired.addAndGet(count);
        return count;
    }

    /** Groups removed because their time to live ran out, since start. */
    @Override
    public long expiredGroups() {
        return expired.get();
    }

    /** How long the last change that arrived by event took to get here from where it was made. */
    @Override
    public long lastEventLagNanos() {
        return lastEventLagNanos;
    }

    void recordEventLag(long nanos) {
        lastEventLagNanos = Math.max(0, nanos);
    }

    @Override
    public Group get(GroupKey key) {
        return groups.get(key);
    }

    /** A live view; iterate it for a weakly consistent snapshot. */
    @Override
    public Collection<Group> groups() {
        return groups.values();
    }

    @Override
    public int size() {
        return groups.size();
    }

    /** The pushed series of all held groups (without the two push time series each group also shows). */
    @Override
    public long seriesCount() {
        return series;
    }

    /** Runs a read of the family index with no change applied meanwhile. */
    public synchronized <T> T readIndex(Function<FamilyIndex, T> reader) {
        return reader.apply(index);
    }

    private void replace(Group before, Group after) {
        if (before != null && after != null && after.key() != before.key()) {
            // A group read from the map brings its own copy of the key, while the map here keeps
            // the first one: the index and the scrape cache are given that one too, so that a
            // group changed many times holds one key, not two (about 50 bytes a series).
            after = after.withKey(before.key());
        }
        series += (after == null ? 0 : after.seriesCount()) - (before == null ? 0 : before.seriesCount());
        if (before != null) {
            index.remove(before);
        }
        if (after != null) {
            index.add(after);
            groups.put(after.key(), after);
            if (after.expiresAtNanos() != 0) {
                deadlines.add(new Deadline(after.expiresAtNanos(), after.key().id(), after.version()));
            }
        } else {
            groups.remove(before.key());
        }
        for (ReplicaListener listener : listeners) {
            listener.changed(before, after);
        }
    }
}
