package io.pushgateway.cluster.store;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.spi.merge.MergingValue;
import com.hazelcast.spi.merge.SplitBrainMergePolicy;

/**
 * After a split brain heals, keeps of each group the copy with the higher version, and never lets
 * the smaller side bring back a group the larger side no longer has: with a write quorum the
 * smaller side could not have changed anything, so its extra groups are ones deleted meanwhile.
 */
public final class HigherVersionMergePolicy implements SplitBrainMergePolicy<Group, MergingValue<Group>, Object> {
    @Override
    public Object merge(MergingValue<Group> merging, MergingValue<Group> existing) {
        if (existing == null) {
            return null;
        }
        Group incoming = merging.getDeserializedValue();
        Group current = existing.getDeserializedValue();
        if (incoming != null && current != null && incoming.version() > current.version()) {
            return merging.getRawValue();
        }
        return existing.getRawValue();
    }

    @Override
    public void writeData(ObjectDataOutput out) {}

    @Override
    public void readData(ObjectDataInput in) {}
}
