package io.pushgateway.cluster.store.check;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import io.pushgateway.cluster.store.SerializationIds;
import java.io.IOException;

/**
 * The cluster-wide type of one family name and how many groups hold the family. Kept in its own
 * map, keyed by family name, so that two pushes of one name with different types through two nodes
 * meet on one partition and the second is refused, however fast they follow each other. A count,
 * not the holders' ids: claiming and releasing cost the same however many groups hold the name.
 */
public final class TypeClaim implements IdentifiedDataSerializable {
    private int type;
    private int holders;

    public TypeClaim() {}

    TypeClaim(int type, int holders) {
        this.type = type;
        this.holders = holders;
    }

    public int type() {
        return type;
    }

    /** How many groups hold the family. */
    public int holders() {
        return holders;
    }

    @Override
    public int getFactoryId() {
        return SerializationIds.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return SerializationIds.TYPE_CLAIM;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeInt(type);
        out.writeInt(holders);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        type = in.readInt();
        holders = in.readInt();
    }
}
