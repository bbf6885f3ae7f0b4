package io.pushgateway.cluster.store.check;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import io.pushgateway.cluster.store.SerializationIds;
import java.io.IOException;
import java.util.Map;

/**
 * Sets the holder count of a family name to what the groups show, but only if the count is still
 * the wrong one that was seen: a push counted meanwhile is never overwritten.
 */
public final class HolderRecountProcessor
        implements EntryProcessor<String, TypeClaim, Boolean>, IdentifiedDataSerializable {
    private int seen;
    private int actual;
    private int type;

    public HolderRecountProcessor() {}

    /**
     * @param seen   the count found wrong
     * @param actual how many groups hold the name
     * @param type   the type they hold it with, taken if the name has no claim
     */
    HolderRecountProcessor(int seen, int actual, int type) {
        this.seen = seen;
        this.actual = actual;
        this.type = type;
    }

    @Override
    public Boolean process(Map.Entry<String, TypeClaim> entry) {
        TypeClaim claim = entry.getValue();
        int holders = claim == null ? 0 : claim.holders();
        if (holders != seen) {
            return false;
        }
        entry.setValue(actual <= 0 ? null : new TypeClaim(holders <= 0 ? type : claim.type(), actual));
        return true;
    }

    @Override
    public int getFactoryId() {
        return SerializationIds.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return SerializationIds.HOLDER_RECOUNT;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeInt(seen);
        out.writeInt(actual);
        out.writeInt(type);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        seen = in.readInt();
        actual = in.readInt();
        type = in.readInt();
    }
}
