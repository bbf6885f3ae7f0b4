package io.pushgateway.cluster.store;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import java.io.IOException;
import java.util.Map;
import java.util.TreeSet;

/** Removes a group from the holders of family names; a name nobody holds is free for any type. */
public final class ReleaseProcessor implements EntryProcessor<String, TypeClaim, Void>, IdentifiedDataSerializable {
    private String groupId;

    public ReleaseProcessor() {}

    ReleaseProcessor(String groupId) {
        this.groupId = groupId;
    }

    @Override
    public Void process(Map.Entry<String, TypeClaim> entry) {
        TypeClaim claim = entry.getValue();
        if (claim == null || !claim.holders().contains(groupId)) {
            return null;
        }
        TreeSet<String> holders = new TreeSet<>(claim.holders());
        holders.remove(groupId);
        entry.setValue(holders.isEmpty() ? null : new TypeClaim(claim.type(), holders));
        return null;
    }

    @Override
    public int getFactoryId() {
        return StoreSerialization.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return StoreSerialization.RELEASE;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeString(groupId);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        groupId = in.readString();
    }
}
