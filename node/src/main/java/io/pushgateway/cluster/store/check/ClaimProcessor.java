package io.pushgateway.cluster.store.check;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import io.pushgateway.cluster.store.SerializationIds;
import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Claims family names for a group, each with its type, on the partitions of the names. A claim is
 * refused when other groups hold the name with another type; the result says so with the type held
 * (as its number), or says {@link #CLAIMED} (the group was counted as a new holder) or
 * {@link #ALREADY_HELD} (it was counted before). Whether the group held a name before is the
 * pushing node's view; the store corrects the count once the push shows what the group really held.
 */
public final class ClaimProcessor implements EntryProcessor<String, TypeClaim, Integer>, IdentifiedDataSerializable {
    public static final int CLAIMED = -1;
    public static final int ALREADY_HELD = -2;

    private Map<String, Integer> typesByName;
    private Set<String> heldBefore;

    public ClaimProcessor() {}

    /**
     * @param typesByName the type (as its number) wanted for each name
     * @param heldBefore  the names the group holds already, with any type
     */
    public ClaimProcessor(Map<String, Integer> typesByName, Set<String> heldBefore) {
        this.typesByName = typesByName;
        this.heldBefore = heldBefore;
    }

    @Override
    public Integer process(Map.Entry<String, TypeClaim> entry) {
        int wanted = typesByName.get(entry.getKey());
        boolean held = heldBefore.contains(entry.getKey());
        TypeClaim claim = entry.getValue();
        int holders = claim == null ? 0 : claim.holders();
        if (holders <= 0) {
            entry.setValue(new TypeClaim(wanted, 1));
            return held ? ALREADY_HELD : CLAIMED;
        }
        int others = holders - (held ? 1 : 0);
        if (others > 0 && claim.type() != wanted) {
            return claim.type();
        }
        entry.setValue(new TypeClaim(wanted, held ? holders : holders + 1));
        return held ? ALREADY_HELD : CLAIMED;
    }

    @Override
    public int getFactoryId() {
        return SerializationIds.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return SerializationIds.CLAIM;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeInt(typesByName.size());
        for (Map.Entry<String, Integer> e : typesByName.entrySet()) {
            out.writeString(e.getKey());
            out.writeInt(e.getValue());
            out.writeBoolean(heldBefore.contains(e.getKey()));
        }
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        int count = in.readInt();
        typesByName = new HashMap<>();
        heldBefore = new HashSet<>();
        for (int i = 0; i < count; i++) {
            String name = in.readString();
            typesByName.put(name, in.readInt());
            if (in.readBoolean()) {
                heldBefore.add(name);
            }
        }
    }
}
