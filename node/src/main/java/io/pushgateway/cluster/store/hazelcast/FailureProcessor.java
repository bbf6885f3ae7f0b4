package io.pushgateway.cluster.store.hazelcast;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.ExtendedMapEntry;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import io.pushgateway.cluster.model.GroupKey;
import io.pushgateway.cluster.store.Group;
import io.pushgateway.cluster.store.SerializationIds;
import io.pushgateway.cluster.store.StoredFamily;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Records a rejected push: the group's failure time becomes the push time, its metrics stay. As
 * upstream, a group that did not exist is created with a push time of 0.
 */
public final class FailureProcessor implements EntryProcessor<String, Group, Group>, IdentifiedDataSerializable {
    private long failureNanos;
    private long ttlMillis;

    public FailureProcessor() {}

    /** @param ttlMillis the time to live of a group this failure creates; an existing group keeps its own */
    FailureProcessor(long failureNanos, long ttlMillis) {
        this.failureNanos = failureNanos;
        this.ttlMillis = ttlMillis;
    }

    @Override
    @SuppressWarnings("unchecked")
    public Group process(Map.Entry<String, Group> entry) {
        Group old = entry.getValue();
        boolean fresh = old == null || old.isDeleted();
        long version = Versions.next(old, failureNanos);
        ExtendedMapEntry<String, Group> extended = (ExtendedMapEntry<String, Group>) entry;
        if (fresh) {
            long expiresAt = ttlMillis == 0 ? 0 : failureNanos + ttlMillis * 1_000_000;
            Group created = new Group(
                    GroupKey.fromId(entry.getKey()),
                    Group.newFamilyMap(),
                    0,
                    failureNanos,
                    version,
                    false,
                    ttlMillis,
                    expiresAt);
            extended.setValue(created, ttlMillis, TimeUnit.MILLISECONDS);
            return created;
        }
        // A failed push does not extend the group's life.
        Group updated = new Group(
                old.key(),
                copyOf(old),
                old.lastPushNanos(),
                failureNanos,
                version,
                false,
                old.ttlMillis(),
                old.expiresAtNanos());
        extended.setValueWithoutChangingExpiryTime(updated);
        return updated;
    }

    private static java.util.SortedMap<String, StoredFamily> copyOf(Group group) {
        java.util.SortedMap<String, StoredFamily> copy = Group.newFamilyMap();
        copy.putAll(group.families());
        return copy;
    }

    @Override
    public int getFactoryId() {
        return SerializationIds.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return SerializationIds.FAILURE;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeLong(failureNanos);
        out.writeLong(ttlMillis);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        failureNanos = in.readLong();
        ttlMillis = in.readLong();
    }
}
