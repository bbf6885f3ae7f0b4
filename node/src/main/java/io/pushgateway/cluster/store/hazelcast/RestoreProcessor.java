package io.pushgateway.cluster.store.hazelcast;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.ExtendedMapEntry;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import io.pushgateway.cluster.store.Group;
import io.pushgateway.cluster.store.SerializationIds;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Puts a group from a snapshot into the map unless the map already holds that group, or its
 * tombstone, at the same or a newer version: a restore never replaces a later push or deletion.
 * Returns the group if it was put, else null. The remaining time to live is an argument, so a
 * re-run on a backup does the same. A write-back from a replica ({@code keepDeletions}) also leaves
 * any tombstone alone: a deletion's version counts on from the group it deleted, so it may be lower
 * than a change the map lost, and the deletion came later.
 */
public final class RestoreProcessor implements EntryProcessor<String, Group, Group>, IdentifiedDataSerializable {
    private Group restored;
    private long remainingTtlMillis;
    private boolean keepDeletions;

    public RestoreProcessor() {}

    RestoreProcessor(Group restored, long remainingTtlMillis, boolean keepDeletions) {
        this.restored = restored;
        this.remainingTtlMillis = remainingTtlMillis;
        this.keepDeletions = keepDeletions;
    }

    @Override
    @SuppressWarnings("unchecked")
    public Group process(Map.Entry<String, Group> entry) {
        Group held = entry.getValue();
        if (held != null && (held.version() >= restored.version() || keepDeletions && held.isDeleted())) {
            return null;
        }
        ((ExtendedMapEntry<String, Group>) entry).setValue(restored, remainingTtlMillis, TimeUnit.MILLISECONDS);
        return restored;
    }

    @Override
    public int getFactoryId() {
        return SerializationIds.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return SerializationIds.RESTORE;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        GroupSerializer.writeGroup(out, restored);
        out.writeLong(remainingTtlMillis);
        out.writeBoolean(keepDeletions);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        restored = GroupSerializer.readGroup(in);
        remainingTtlMillis = in.readLong();
        keepDeletions = in.readBoolean();
    }
}
