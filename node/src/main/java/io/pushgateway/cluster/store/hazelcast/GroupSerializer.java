package io.pushgateway.cluster.store.hazelcast;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.StreamSerializer;
import io.pushgateway.cluster.model.GroupKey;
import io.pushgateway.cluster.store.Group;
import io.pushgateway.cluster.store.SerializationIds;
import io.pushgateway.cluster.store.StoredFamily;
import java.io.IOException;
import java.util.SortedMap;

/**
 * Writes a {@link Group} for the cluster map and its events. A serializer of its own, rather than
 * identified serialisation, so that a group is built once, whole, and never changes after.
 */
final class GroupSerializer implements StreamSerializer<Group> {
    @Override
    public int getTypeId() {
        return SerializationIds.GROUP_TYPE;
    }

    @Override
    public void write(ObjectDataOutput out, Group group) throws IOException {
        writeGroup(out, group);
    }

    @Override
    public Group read(ObjectDataInput in) throws IOException {
        return readGroup(in);
    }

    /** A group's fields without a type header, also for processors that carry a group inline. */
    static void writeGroup(ObjectDataOutput out, Group group) throws IOException {
        out.writeString(group.key().id());
        out.writeLong(group.lastPushNanos());
        out.writeLong(group.lastFailureNanos());
        out.writeLong(group.version());
        out.writeBoolean(group.isDeleted());
        out.writeLong(group.ttlMillis());
        out.writeLong(group.expiresAtNanos());
        out.writeInt(group.families().size());
        for (StoredFamily family : group.families().values()) {
            out.writeString(family.name());
            out.writeInt(family.type().getNumber());
            out.writeLong(family.pushTimeNanos());
            out.writeByteArray(family.encoded());
        }
    }

    static Group readGroup(ObjectDataInput in) throws IOException {
        GroupKey key = GroupKey.fromId(in.readString());
        long lastPushNanos = in.readLong();
        long lastFailureNanos = in.readLong();
        long version = in.readLong();
        boolean deleted = in.readBoolean();
        long ttlMillis = in.readLong();
        long expiresAtNanos = in.readLong();
        int count = in.readInt();
        SortedMap<String, StoredFamily> families = Group.newFamilyMap();
        for (int i = 0; i < count; i++) {
            String name = in.readString();
            in.readInt(); // the type, which the encoding holds too
            long pushTime = in.readLong();
            StoredFamily family = StoredFamily.fromEncoded(name, in.readByteArray(), pushTime);
            families.put(family.name(), family);
        }
        return new Group(key, families, lastPushNanos, lastFailureNanos, version, deleted, ttlMillis, expiresAtNanos);
    }
}
