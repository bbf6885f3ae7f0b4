package io.pushgateway.cluster.store.check;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import io.pushgateway.cluster.store.SerializationIds;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The claims of several pushes to different groups, one call for all their names: on each name's
 * partition the pushes claim it one after another, in the order given, exactly as each would with
 * its own {@link ClaimProcessor}. The result for a name holds one outcome per claimant, in order.
 */
public final class ClaimBatch implements EntryProcessor<String, TypeClaim, int[]>, IdentifiedDataSerializable {
    /** One push's claim of one name: the type it wants and whether its group held the name before. */
    public record Claimant(int type, boolean heldBefore) {}

    private Map<String, List<Claimant>> claimants;

    public ClaimBatch() {}

    public ClaimBatch(Map<String, List<Claimant>> claimants) {
        this.claimants = claimants;
    }

    @Override
    public int[] process(Map.Entry<String, TypeClaim> entry) {
        List<Claimant> queue = claimants.get(entry.getKey());
        int[] outcomes = new int[queue.size()];
        for (int i = 0; i < outcomes.length; i++) {
            Claimant claimant = queue.get(i);
            Map<String, Integer> wanted = Map.of(entry.getKey(), claimant.type());
            Set<String> held = claimant.heldBefore() ? Set.of(entry.getKey()) : Set.of();
            outcomes[i] = new ClaimProcessor(wanted, held).process(entry);
        }
        return outcomes;
    }

    @Override
    public int getFactoryId() {
        return SerializationIds.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return SerializationIds.CLAIM_BATCH;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeInt(claimants.size());
        for (Map.Entry<String, List<Claimant>> name : claimants.entrySet()) {
            out.writeString(name.getKey());
            out.writeInt(name.getValue().size());
            for (Claimant claimant : name.getValue()) {
                out.writeInt(claimant.type());
                out.writeBoolean(claimant.heldBefore());
            }
        }
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        int names = in.readInt();
        claimants = new HashMap<>(names * 2);
        for (int i = 0; i < names; i++) {
            String name = in.readString();
            int count = in.readInt();
            List<Claimant> queue = new ArrayList<>(count);
            for (int j = 0; j < count; j++) {
                queue.add(new Claimant(in.readInt(), in.readBoolean()));
            }
            claimants.put(name, queue);
        }
    }
}
