package io.pushgateway.cluster.store.hazelcast;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import com.hazelcast.projection.Projection;
import io.pushgateway.cluster.store.Group;
import io.pushgateway.cluster.store.SerializationIds;
import java.util.Map;

/** Projects every entry of the groups map to its key and version, on the members that own them. */
public final class KeyVersionProjection
        implements Projection<Map.Entry<String, Group>, KeyVersion>, IdentifiedDataSerializable {
    @Override
    public KeyVersion transform(Map.Entry<String, Group> entry) {
        return new KeyVersion(entry.getKey(), entry.getValue().version());
    }

    @Override
    public int getFactoryId() {
        return SerializationIds.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return SerializationIds.KEY_VERSION_PROJECTION;
    }

    @Override
    public void writeData(ObjectDataOutput out) {}

    @Override
    public void readData(ObjectDataInput in) {}
}
