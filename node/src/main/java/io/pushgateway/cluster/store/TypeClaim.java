package io.pushgateway.cluster.store;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import java.io.IOException;
import java.util.Set;
import java.util.TreeSet;

/**
 * The cluster-wide type of one family name and the groups that hold the family. Kept in its own
 * map, keyed by family name, so that two pushes of one name with different types through two nodes
 * meet on one partition and the second is refused, however fast they follow each other.
 */
public final class TypeClaim implements IdentifiedDataSerializable {
    private int type;
    private Set<String> holders;

    public TypeClaim() {}

    TypeClaim(int type, Set<String> holders) {
        this.type = type;
        this.holders = holders;
    }

    int type() {
        return type;
    }

    /** Ids of the groups that hold the family. */
    Set<String> holders() {
        return holders;
    }

    @Override
    public int getFactoryId() {
        return StoreSerialization.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return StoreSerialization.TYPE_CLAIM;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeInt(type);
        out.writeInt(holders.size());
        for (String holder : holders) {
            out.writeString(holder);
        }
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        type = in.readInt();
        int count = in.readInt();
        holders = new TreeSet<>();
        for (int i = 0; i < count; i++) {
            holders.add(in.readString());
        }
    }
}
