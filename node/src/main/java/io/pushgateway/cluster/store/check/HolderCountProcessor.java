package io.pushgateway.cluster.store.check;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import io.pushgateway.cluster.store.SerializationIds;
import java.io.IOException;
import java.util.Map;

/**
 * Counts a group more or less among the holders of family names, without any check: the push it
 * follows is already stored. A name nobody holds any more is free for any type.
 */
public final class HolderCountProcessor implements EntryProcessor<String, TypeClaim, Void>, IdentifiedDataSerializable {
    private int delta;
    private int typeIfUnclaimed;

    public HolderCountProcessor() {}

    private HolderCountProcessor(int delta, int typeIfUnclaimed) {
        this.delta = delta;
        this.typeIfUnclaimed = typeIfUnclaimed;
    }

    /** One group fewer holds the names. */
    public static HolderCountProcessor release() {
        return new HolderCountProcessor(-1, 0);
    }

    /** One group more holds the name; a name nobody held takes the given type. */
    public static HolderCountProcessor add(int type) {
        return new HolderCountProcessor(1, type);
    }

    @Override
    public Void process(Map.Entry<String, TypeClaim> entry) {
        TypeClaim claim = entry.getValue();
        int holders = (claim == null ? 0 : claim.holders()) + delta;
        if (holders <= 0) {
            entry.setValue(null);
        } else {
            entry.setValue(
                    new TypeClaim(claim == null || claim.holders() <= 0 ? typeIfUnclaimed : claim.type(), holders));
        }
        return null;
    }

    @Override
    public int getFactoryId() {
        return SerializationIds.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return SerializationIds.HOLDER_COUNT;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeInt(delta);
        out.writeInt(typeIfUnclaimed);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        delta = in.readInt();
        typeIfUnclaimed = in.readInt();
    }
}
