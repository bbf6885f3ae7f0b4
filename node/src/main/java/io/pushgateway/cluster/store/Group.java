package io.pushgateway.cluster.store;

import io.pushgateway.cluster.model.CodePointOrder;
import io.pushgateway.cluster.model.GroupKey;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * One group: its pushed families by name and its push and failure times. Immutable; the value of
 * the cluster map, which its own serializer sends between members. A deleted group stays in the
 * map for a while as a tombstone, so that a later push continues its version count and no node
 * takes old events for new ones.
 */
public final class Group {
    private static final Function<StoredFamily, String> FAMILY_NAME = StoredFamily::name;

    private final GroupKey key;
    private final SortedMap<String, StoredFamily> families;
    private final long lastPushNanos;
    private final long lastFailureNanos;
    private final long version;
    private final boolean deleted;
    private final long ttlMillis;
    private final long expiresAtNanos;

    public Group(
            GroupKey key,
            SortedMap<String, StoredFamily> families,
            long lastPushNanos,
            long lastFailureNanos,
            long version,
            boolean deleted) {
        this(key, families, lastPushNanos, lastFailureNanos, version, deleted, 0, 0);
    }

    public Group(
            GroupKey key,
            SortedMap<String, StoredFamily> families,
            long lastPushNanos,
            long lastFailureNanos,
            long version,
            boolean deleted,
            long ttlMillis,
            long expiresAtNanos) {
        this.key = key;
        this.families = SortedArrayMap.copyOf(families, FAMILY_NAME);
        this.lastPushNanos = lastPushNanos;
        this.lastFailureNanos = lastFailureNanos;
        this.version = version;
        this.deleted = deleted;
        this.ttlMillis = ttlMillis;
        this.expiresAtNanos = expiresAtNanos;
    }

    /**
     * A group as a snapshot file holds it, with the version, times and deadline it had when the
     * snapshot was taken; only for loading snapshots.
     */
    public static Group fromSnapshot(
            GroupKey key,
            SortedMap<String, StoredFamily> families,
            long lastPushNanos,
            long lastFailureNanos,
            long version,
            long ttlMillis,
            long expiresAtNanos) {
        return new Group(key, families, lastPushNanos, lastFailureNanos, version, false, ttlMillis, expiresAtNanos);
    }

    /**
     * The same group holding {@code sameKey}, an instance equal to its own key; families shared.
     * Every read from the map brings a new copy of the key, and a holder of many groups keeps one.
     */
    public Group withKey(GroupKey sameKey) {
        if (!sameKey.equals(key)) {
            throw new IllegalArgumentException(sameKey + " is not the key of " + this);
        }
        return new Group(
                sameKey, families, lastPushNanos, lastFailureNanos, version, deleted, ttlMillis, expiresAtNanos);
    }

    public static SortedMap<String, StoredFamily> newFamilyMap() {
        return new TreeMap<>(CodePointOrder.INSTANCE);
    }

    public GroupKey key() {
        return key;
    }

    /** Pushed families by name, without the synthetic push time families. */
    public SortedMap<String, StoredFamily> families() {
        return families;
    }

    /** The pushed series the group holds, over all its families (the synthetic push times not counted). */
    public long seriesCount() {
        long count = 0;
        for (StoredFamily family : families.values()) {
            count += family.seriesCount();
        }
        return count;
    }

    /** Unix nanoseconds of the last successful push; 0 if none succeeded. */
    public long lastPushNanos() {
        return lastPushNanos;
    }

    /** Unix nanoseconds of the last failed push; 0 if none failed. */
    public long lastFailureNanos() {
        return lastFailureNanos;
    }

    /** Counts every change of this group, across deletions while the tombstone lives. */
    public long version() {
        return version;
    }

    public boolean isDeleted() {
        return deleted;
    }

    /** The time to live the last successful push gave the group; 0 if it lives until deleted. */
    public long ttlMillis() {
        return ttlMillis;
    }

    /** Unix nanoseconds after which the group is gone everywhere; 0 for never. */
    public long expiresAtNanos() {
        return expiresAtNanos;
    }

    /** Whether the group's time to live has run out at that moment. */
    public boolean isExpiredAt(long unixNanos) {
        return expiresAtNanos != 0 && expiresAtNanos <= unixNanos;
    }

    /** As upstream: false iff the last failure is later than the last success. */
    public boolean lastPushSuccessful() {
        return lastFailureNanos <= lastPushNanos;
    }

    @Override
    public String toString() {
        return "Group" + key + "@v" + version + (deleted ? " (deleted)" : "");
    }
}
