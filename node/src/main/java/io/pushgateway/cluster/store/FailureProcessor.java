package io.pushgateway.cluster.store;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import io.pushgateway.cluster.model.GroupKey;
import java.io.IOException;
import java.util.Map;

/**
 * Records a rejected push: the group's failure time becomes the push time, its metrics stay. As
 * upstream, a group that did not exist is created with a push time of 0.
 */
public final class FailureProcessor implements EntryProcessor<String, Group, Group>, IdentifiedDataSerializable {
    private long failureNanos;

    public FailureProcessor() {}

    FailureProcessor(long failureNanos) {
        this.failureNanos = failureNanos;
    }

    @Override
    public Group process(Map.Entry<String, Group> entry) {
        Group old = entry.getValue();
        boolean fresh = old == null || old.isDeleted();
        long version = Versions.next(old, failureNanos);
        Group updated = fresh
                ? new Group(GroupKey.fromId(entry.getKey()), Group.newFamilyMap(), 0, failureNanos, version, false)
                : new Group(old.key(), copyOf(old), old.lastPushNanos(), failureNanos,
                        version, false);
        entry.setValue(updated);
        return updated;
    }

    private static java.util.SortedMap<String, StoredFamily> copyOf(Group group) {
        java.util.SortedMap<String, StoredFamily> copy = Group.newFamilyMap();
        copy.putAll(group.families());
        return copy;
    }

    @Override
    public int getFactoryId() {
        return StoreSerialization.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return StoreSerialization.FAILURE;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeLong(failureNanos);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        failureNanos = in.readLong();
    }
}
