package io.pushgateway.cluster.store.hazelcast;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.ExtendedMapEntry;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import io.pushgateway.cluster.store.Group;
import io.pushgateway.cluster.store.SerializationIds;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Deletes a group by replacing it with a tombstone that expires after a while. The tombstone keeps
 * the version count going, so a group pushed again soon after is never mistaken, on any node, for
 * the one deleted. Returns the tombstone with the names it took away, or null
 * when there was no group.
 */
public final class DeleteProcessor implements EntryProcessor<String, Group, GroupChange>, IdentifiedDataSerializable {
    static final long TOMBSTONE_SECONDS = 120;

    public DeleteProcessor() {}

    @Override
    @SuppressWarnings("unchecked")
    public GroupChange process(Map.Entry<String, Group> entry) {
        Group old = entry.getValue();
        if (old == null || old.isDeleted()) {
            return null;
        }
        Group tombstone = new Group(old.key(), Group.newFamilyMap(), 0, 0, old.version() + 1, true);
        ((ExtendedMapEntry<String, Group>) entry).setValue(tombstone, TOMBSTONE_SECONDS, TimeUnit.SECONDS);
        return GroupChange.between(old, tombstone);
    }

    @Override
    public int getFactoryId() {
        return SerializationIds.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return SerializationIds.DELETE;
    }

    @Override
    public void writeData(ObjectDataOutput out) {}

    @Override
    public void readData(ObjectDataInput in) {}
}
