package io.pushgateway.cluster.store.hazelcast;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import io.pushgateway.cluster.store.Group;
import io.pushgateway.cluster.store.SerializationIds;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A group as a change left it, with the family names the change gave it and took from it, as seen
 * on the group's partition: the exact account that keeps the holder counts of type claims right even
 * when the pushing node's replica lags behind another node's change.
 */
public final class GroupChange implements IdentifiedDataSerializable {
    private Group group;
    private List<String> gained;
    private List<String> lost;

    public GroupChange() {}

    GroupChange(Group group, List<String> gained, List<String> lost) {
        this.group = group;
        this.gained = gained;
        this.lost = lost;
    }

    /** The names {@code after} holds that {@code before} (null: no group) did not, and the reverse. */
    static GroupChange between(Group before, Group after) {
        Set<String> old = before == null || before.isDeleted()
                ? Set.of()
                : before.families().keySet();
        Set<String> now = after.isDeleted() ? Set.of() : after.families().keySet();
        List<String> gained = new ArrayList<>();
        for (String name : now) {
            if (!old.contains(name)) {
                gained.add(name);
            }
        }
        List<String> lost = new ArrayList<>();
        for (String name : old) {
            if (!now.contains(name)) {
                lost.add(name);
            }
        }
        return new GroupChange(after, gained, lost);
    }

    Group group() {
        return group;
    }

    List<String> gained() {
        return gained;
    }

    List<String> lost() {
        return lost;
    }

    @Override
    public int getFactoryId() {
        return SerializationIds.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return SerializationIds.GROUP_CHANGE;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeObject(group);
        writeNames(out, gained);
        writeNames(out, lost);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        group = in.readObject();
        gained = readNames(in);
        lost = readNames(in);
    }

    private static void writeNames(ObjectDataOutput out, List<String> names) throws IOException {
        out.writeInt(names.size());
        for (String name : names) {
            out.writeString(name);
        }
    }

    private static List<String> readNames(ObjectDataInput in) throws IOException {
        int count = in.readInt();
        List<String> names = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            names.add(in.readString());
        }
        return names;
    }
}
