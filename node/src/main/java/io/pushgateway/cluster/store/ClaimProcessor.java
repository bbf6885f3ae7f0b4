package io.pushgateway.cluster.store;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * Claims family names for a group, each with its type, on the partitions of the names. A claim is
 * refused when another group holds the name with another type; the result says so with the type
 * held (as its number), or says {@link #CLAIMED} / {@link #ALREADY_HELD}.
 */
public final class ClaimProcessor implements EntryProcessor<String, TypeClaim, Integer>, IdentifiedDataSerializable {
    static final int CLAIMED = -1;
    static final int ALREADY_HELD = -2;

    private String groupId;
    private Map<String, Integer> typesByName;

    public ClaimProcessor() {}

    ClaimProcessor(String groupId, Map<String, Integer> typesByName) {
        this.groupId = groupId;
        this.typesByName = typesByName;
    }

    @Override
    public Integer process(Map.Entry<String, TypeClaim> entry) {
        int wanted = typesByName.get(entry.getKey());
        TypeClaim claim = entry.getValue();
        if (claim == null || claim.holders().isEmpty()) {
            TreeSet<String> holders = new TreeSet<>();
            holders.add(groupId);
            entry.setValue(new TypeClaim(wanted, holders));
            return CLAIMED;
        }
        boolean held = claim.holders().contains(groupId);
        boolean others = claim.holders().size() > (held ? 1 : 0);
        if (others && claim.type() != wanted) {
            return claim.type();
        }
        if (held && claim.type() == wanted) {
            return ALREADY_HELD;
        }
        TreeSet<String> holders = new TreeSet<>(claim.holders());
        holders.add(groupId);
        entry.setValue(new TypeClaim(wanted, holders));
        return held ? ALREADY_HELD : CLAIMED;
    }

    @Override
    public int getFactoryId() {
        return StoreSerialization.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return StoreSerialization.CLAIM;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeString(groupId);
        out.writeInt(typesByName.size());
        for (Map.Entry<String, Integer> e : typesByName.entrySet()) {
            out.writeString(e.getKey());
            out.writeInt(e.getValue());
        }
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        groupId = in.readString();
        int count = in.readInt();
        typesByName = new HashMap<>();
        for (int i = 0; i < count; i++) {
            typesByName.put(in.readString(), in.readInt());
        }
    }
}
