package io.pushgateway.cluster.store.hazelcast;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.StreamSerializer;
import io.pushgateway.cluster.model.GroupKey;
import io.pushgateway.cluster.store.Group;
import io.pushgateway.cluster.store.SerializationIds;
import io.pushgateway.cluster.store.StoredFamily;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
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

    /**
     * A group's fields without a type header, also for processors that carry a group inline. Every
     * node's map holds each group in this form, so it is kept small: numbers as varints (most are 0
     * or small), and each family as its encoding alone (which holds its name and type) behind one
     * varint, its length shifted left by one with the low bit set when the family's push time differs
     * from the group's last push time; only then a zig-zag varint of the difference follows.
     */
    static void writeGroup(ObjectDataOutput out, Group group) throws IOException {
        byte[] key = group.key().id().getBytes(StandardCharsets.UTF_8);
        writeVarint(out, key.length);
        out.write(key);
        writeVarint(out, group.lastPushNanos());
        writeVarint(out, group.lastFailureNanos());
        writeVarint(out, group.version());
        out.writeBoolean(group.isDeleted());
        writeVarint(out, group.ttlMillis());
        writeVarint(out, group.expiresAtNanos());
        writeVarint(out, group.families().size());
        for (StoredFamily family : group.families().values()) {
            byte[] encoded = family.encoded();
            long sincePush = family.pushTimeNanos() - group.lastPushNanos();
            writeVarint(out, (long) encoded.length << 1 | (sincePush != 0 ? 1 : 0));
            if (sincePush != 0) {
                writeVarint(out, sincePush << 1 ^ sincePush >> 63);
            }
            out.write(encoded);
        }
    }

    static Group readGroup(ObjectDataInput in) throws IOException {
        GroupKey key = GroupKey.fromId(new String(readBytes(in, readLength(in)), StandardCharsets.UTF_8));
        long lastPushNanos = readVarint(in);
        long lastFailureNanos = readVarint(in);
        long version = readVarint(in);
        boolean deleted = in.readBoolean();
        long ttlMillis = readVarint(in);
        long expiresAtNanos = readVarint(in);
        int count = readLength(in);
        SortedMap<String, StoredFamily> families = Group.newFamilyMap();
        for (int i = 0; i < count; i++) {
            long lengthAndFlag = readVarint(in);
            long pushTime = lastPushNanos;
            if ((lengthAndFlag & 1) != 0) {
                long zigZag = readVarint(in);
                pushTime += zigZag >>> 1 ^ -(zigZag & 1);
            }
            StoredFamily family = StoredFamily.fromEncoded(readBytes(in, checkedLength(lengthAndFlag >>> 1)), pushTime);
            families.put(family.name(), family);
        }
        return new Group(key, families, lastPushNanos, lastFailureNanos, version, deleted, ttlMillis, expiresAtNanos);
    }

    /** Protobuf's base-128 varint of {@code value} taken as unsigned (a negative one takes ten bytes). */
    private static void writeVarint(ObjectDataOutput out, long value) throws IOException {
        while ((value & ~0x7FL) != 0) {
            out.writeByte((int) (value & 0x7F) | 0x80);
            value >>>= 7;
        }
        out.writeByte((int) value);
    }

    private static long readVarint(ObjectDataInput in) throws IOException {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            byte b = in.readByte();
            value |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return value;
            }
        }
        throw new IOException("corrupt group: varint longer than ten bytes");
    }

    private static int readLength(ObjectDataInput in) throws IOException {
        return checkedLength(readVarint(in));
    }

    private static int checkedLength(long length) throws IOException {
        if (length < 0 || length > Integer.MAX_VALUE) {
            throw new IOException("corrupt group: length " + length);
        }
        return (int) length;
    }

    private static byte[] readBytes(ObjectDataInput in, int length) throws IOException {
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        return bytes;
    }
}
