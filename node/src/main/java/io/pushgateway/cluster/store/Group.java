package io.pushgateway.cluster.store;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import io.prometheus.metrics.expositionformats.generated.Metrics;
import io.pushgateway.cluster.model.CodePointOrder;
import io.pushgateway.cluster.model.GroupKey;
import java.io.IOException;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One group: its pushed families by name and its push and failure times. Immutable once built;
 * the value of the cluster map. A deleted group stays in the map for a while as a tombstone, so
 * that a later push continues its version count and no node takes old events for new ones.
 */
public final class Group implements IdentifiedDataSerializable {
    private GroupKey key;
    private SortedMap<String, StoredFamily> families;
    private long lastPushNanos;
    private long lastFailureNanos;
    private long version;
    private boolean deleted;
    private long ttlMillis;
    private long expiresAtNanos;

    /** For Hazelcast's deserialisation only. */
    public Group() {}

    Group(GroupKey key, SortedMap<String, StoredFamily> families, long lastPushNanos,
            long lastFailureNanos, long version, boolean deleted) {
        this(key, families, lastPushNanos, lastFailureNanos, version, deleted, 0, 0);
    }

    Group(GroupKey key, SortedMap<String, StoredFamily> families, long lastPushNanos, long lastFailureNanos,
            long version, boolean deleted, long ttlMillis, long expiresAtNanos) {
        this.key = key;
        this.families = SortedArrayMap.copyOf(families);
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
    public static Group fromSnapshot(GroupKey key, SortedMap<String, StoredFamily> families, long lastPushNanos,
            long lastFailureNanos, long version, long ttlMillis, long expiresAtNanos) {
        return new Group(key, families, lastPushNanos, lastFailureNanos, version, false, ttlMillis, expiresAtNanos);
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
    public int getFactoryId() {
        return StoreSerialization.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return StoreSerialization.GROUP;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeString(key.id());
        out.writeLong(lastPushNanos);
        out.writeLong(lastFailureNanos);
        out.writeLong(version);
        out.writeBoolean(deleted);
        out.writeLong(ttlMillis);
        out.writeLong(expiresAtNanos);
        out.writeInt(families.size());
        for (StoredFamily family : families.values()) {
            out.writeString(family.name());
            out.writeInt(family.type().getNumber());
            out.writeLong(family.pushTimeNanos());
            out.writeByteArray(family.encoded());
        }
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        key = GroupKey.fromId(in.readString());
        lastPushNanos = in.readLong();
        lastFailureNanos = in.readLong();
        version = in.readLong();
        deleted = in.readBoolean();
        ttlMillis = in.readLong();
        expiresAtNanos = in.readLong();
        int count = in.readInt();
        SortedMap<String, StoredFamily> read = newFamilyMap();
        for (int i = 0; i < count; i++) {
            String name = in.readString();
            Metrics.MetricType type = Metrics.MetricType.forNumber(in.readInt());
            long pushTime = in.readLong();
            StoredFamily family = StoredFamily.fromEncoded(name, type, in.readByteArray(), pushTime);
            read.put(family.name(), family);
        }
        families = SortedArrayMap.copyOf(read);
    }

    @Override
    public String toString() {
        return "Group" + key + "@v" + version + (deleted ? " (deleted)" : "");
    }
}
