package io.pushgateway.cluster.store.hazelcast;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import io.pushgateway.cluster.store.SerializationIds;
import java.io.IOException;

/** A map entry's key and version, all reconciliation needs to know to find differences. */
public final class KeyVersion implements IdentifiedDataSerializable {
    private String key;
    private long version;

    public KeyVersion() {}

    KeyVersion(String key, long version) {
        this.key = key;
        this.version = version;
    }

    String key() {
        return key;
    }

    long version() {
        return version;
    }

    @Override
    public int getFactoryId() {
        return SerializationIds.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return SerializationIds.KEY_VERSION;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeString(key);
        out.writeLong(version);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        key = in.readString();
        version = in.readLong();
    }
}
