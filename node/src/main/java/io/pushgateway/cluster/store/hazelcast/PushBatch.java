package io.pushgateway.cluster.store.hazelcast;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import io.pushgateway.cluster.store.Group;
import io.pushgateway.cluster.store.SerializationIds;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Several checked pushes, each to its own group, sent as one call for all their keys: Hazelcast
 * runs one operation per partition and answers once, where a call per push costs a round of thread
 * handoffs each. Every group gets exactly the change its own push makes ({@link PushProcessor}).
 */
public final class PushBatch implements EntryProcessor<String, Group, GroupChange>, IdentifiedDataSerializable {
    private Map<String, PushProcessor> pushes;

    public PushBatch() {}

    /** @param pushes each group's push, by group key id */
    PushBatch(Map<String, PushProcessor> pushes) {
        this.pushes = pushes;
    }

    @Override
    public GroupChange process(Map.Entry<String, Group> entry) {
        return pushes.get(entry.getKey()).process(entry);
    }

    @Override
    public int getFactoryId() {
        return SerializationIds.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return SerializationIds.PUSH_BATCH;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeInt(pushes.size());
        for (Map.Entry<String, PushProcessor> push : pushes.entrySet()) {
            out.writeString(push.getKey());
            push.getValue().writeData(out);
        }
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        int count = in.readInt();
        pushes = new HashMap<>(count * 2);
        for (int i = 0; i < count; i++) {
            String key = in.readString();
            PushProcessor push = new PushProcessor();
            push.readData(in);
            pushes.put(key, push);
        }
    }
}
